package io.mercury.cli.client;

import java.util.Optional;

/**
 * The states of an rpc task (contract: NEW → DISPATCHED → STARTED → SUCCESS | ERROR | TIMEOUT |
 * CANCELLED), in the order they are shown.
 */
public enum TaskState {
  NEW,
  DISPATCHED,
  STARTED,
  SUCCESS,
  ERROR,
  TIMEOUT,
  CANCELLED;

  /** Whether a task in this state is finished. */
  public boolean terminal() {
    return ordinal() >= SUCCESS.ordinal();
  }

  /** The state spelled {@code status}; empty for a name this client does not know. */
  public static Optional<TaskState> of(Object status) {
    for (TaskState s : values()) {
      if (s.name().equals(status)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
