package io.mercury.common.protocol.log;

import java.util.List;

/** The reply of {@code query_logs}: {@code {"events": [...], "count": n}}. */
public record QueryLogsReply(List<StoredEvent> events, long count) {
  public QueryLogsReply {
    events = List.copyOf(events);
  }

  /** The reply holding {@code events}, counted. */
  public static QueryLogsReply of(List<StoredEvent> events) {
    return new QueryLogsReply(events, events.size());
  }
}
