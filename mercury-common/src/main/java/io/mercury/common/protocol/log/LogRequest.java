package io.mercury.common.protocol.log;

import java.util.List;
import java.util.Objects;

/** The arguments of one call to the log service, one record per endpoint; {@link LogWire} maps them. */
public sealed interface LogRequest {
  LogEndpoint endpoint();

  /** {@code log_batch(events)}. */
  record LogBatch(List<LogEvent> events) implements LogRequest {
    public LogBatch {
      events = List.copyOf(events);
    }

    @Override
    public LogEndpoint endpoint() {
      return LogEndpoint.LOG_BATCH;
    }
  }

  /** {@code query_logs(filter={}, limit=100, order="desc")}; {@code limit} is 1 to {@link #MAX_LIMIT}. */
  record QueryLogs(EventFilter filter, int limit, EventOrder order) implements LogRequest {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public QueryLogs {
      Objects.requireNonNull(filter, "filter is null");
      Objects.requireNonNull(order, "order is null");
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
      }
    }

    @Override
    public LogEndpoint endpoint() {
      return LogEndpoint.QUERY_LOGS;
    }
  }

  /** {@code follow_address()}. */
  record FollowAddress() implements LogRequest {
    @Override
    public LogEndpoint endpoint() {
      return LogEndpoint.FOLLOW_ADDRESS;
    }
  }
}
