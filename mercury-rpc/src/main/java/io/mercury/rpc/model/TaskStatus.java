package io.mercury.rpc.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a task: {@code NEW → DISPATCHED → STARTED → SUCCESS | ERROR | TIMEOUT | CANCELLED}. Every
 * transition is persisted with its time; a task in a terminal state never changes again.
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
          "unknown status '" + s + "' (expected one of " + java.util.Arrays.toString(values()) + ")");
    }
  }
}
