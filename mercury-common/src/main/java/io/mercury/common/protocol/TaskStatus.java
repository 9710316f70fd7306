package io.mercury.common.protocol;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The life of a task: {@code NEW → DISPATCHED → STARTED → SUCCESS | ERROR | TIMEOUT | CANCELLED}. Every
 * transition is persisted with its time; a task in a terminal state never changes again.
 *
 * <p>The names are the wire strings of a task document's {@code status}, and the order is the order mcli
 * shows the states in. One enum for the backend, which writes them, and for mcli, which reads them
 * without depending on mercury-rpc.
 */
public enum TaskStatus {
  NEW,
  DISPATCHED,
  STARTED,
  SUCCESS,
  ERROR,
  TIMEOUT,
  CANCELLED;

  /** The states a task can still leave. */
  public static final Set<TaskStatus> OPEN = EnumSet.of(NEW, DISPATCHED, STARTED);

  /** The states an agent may report when it completes a task. */
  public static final Set<TaskStatus> REPORTABLE_ENDS = EnumSet.of(SUCCESS, ERROR, TIMEOUT, CANCELLED);

  public boolean isTerminal() {
    return !OPEN.contains(this);
  }

  /** Whether a job with a task in this state has failures (the original's {@code has_failures}). */
  public boolean isFailure() {
    return this == ERROR || this == TIMEOUT;
  }

  /**
   * The state spelled exactly {@code name}; empty for any other value, the original's {@code EXCEPTION}
   * included: for a reader that shows a status it does not know as it came (mcli). The backend uses
   * {@link #parse}, which counts {@code EXCEPTION} as ERROR and refuses anything else.
   */
  public static Optional<TaskStatus> named(Object name) {
    for (TaskStatus s : values()) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Parses a status name as sent on the wire; the original's {@code EXCEPTION} counts as ERROR. */
  public static TaskStatus parse(Object value) {
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException("status must be a string, not " + value);
    }
    if (s.equals("EXCEPTION")) {
      return ERROR;
    }
    try {
      return valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown status '" + s + "' (expected one of " + Arrays.toString(values()) + ")");
    }
  }
}
