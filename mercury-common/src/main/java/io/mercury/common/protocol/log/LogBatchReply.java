package io.mercury.common.protocol.log;

import java.util.List;
import java.util.Objects;

/**
 * The reply of {@code log_batch}: {@code {"stored": n, "rejected": [{"index", "reason"}]}}.
 *
 * @param stored events stored
 * @param rejected the invalid events, by their index in the batch
 */
public record LogBatchReply(long stored, List<Rejection> rejected) {
  public LogBatchReply {
    rejected = List.copyOf(rejected);
  }

  /** One event that was not stored, and why. */
  public record Rejection(long index, String reason) {
    public Rejection {
      Objects.requireNonNull(reason, "reason is null");
    }
  }
}
