package io.mercury.common.protocol.inventory;

/** The order of a query's results: {@code 1} or {@code -1} in a request, the name in a {@link QueryPage}. */
public enum SortDirection {
  ASCENDING(1),
  DESCENDING(-1);

  private final int wireValue;

  SortDirection(int wireValue) {
    this.wireValue = wireValue;
  }

  /** {@code 1} or {@code -1}, as a query's {@code sort_direction} argument. */
  public int wireValue() {
    return wireValue;
  }

  /** {@code -1} is descending; any other value ascending, as the HTTP API reads it. */
  public static SortDirection of(int wireValue) {
    return wireValue == -1 ? DESCENDING : ASCENDING;
  }
}
