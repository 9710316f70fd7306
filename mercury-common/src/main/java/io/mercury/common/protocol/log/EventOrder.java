package io.mercury.common.protocol.log;

/** The order of {@code query_logs} results; on the wire {@code "asc"} or {@code "desc"}. */
public enum EventOrder {
  OLDEST_FIRST("asc"),
  NEWEST_FIRST("desc");

  private final String wireName;

  EventOrder(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
