package io.mercury.common.protocol.agent;

import java.util.Optional;

/**
 * The {@code status} of an agent's reply (docs/protocol.md, "Agent"): 0 to 5 are the original's codes, 6
 * is Mercury's refusal of a request meant for another device.
 */
public enum AgentStatus {
  /** Accepted (a task, also a duplicate one; a cancel, whether or not anything was cancelled). */
  ACCEPTED(0),
  /** The message has no {@code category}. */
  NO_CATEGORY(1),
  /** Unknown category or method, or the task/job ids are missing. */
  INVALID(3),
  /** The arguments do not fit the method. */
  BAD_ARGUMENTS(4),
  /** The serial lock is held or the concurrency limit is reached: try later. */
  BUSY(5),
  /** Mercury only: the request names another device's {@code mercury_id}; nothing was run. */
  WRONG_DEVICE(6);

  private final int code;

  AgentStatus(int code) {
    this.code = code;
  }

  /** The number on the wire. */
  public int code() {
    return code;
  }

  /** The status with wire number {@code code}, or empty for a number no agent sends. */
  public static Optional<AgentStatus> of(int code) {
    for (AgentStatus s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
