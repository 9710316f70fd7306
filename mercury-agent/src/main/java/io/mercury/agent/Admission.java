package io.mercury.agent;

/** What {@link TaskRunner#submit} decided about a task. */
public sealed interface Admission {
  /** Started; {@code timeStarted} is when it was accepted (epoch seconds). */
  record Accepted(double timeStarted) implements Admission {}

  /** The agent already has this task (running, or finished recently); it is not run again. */
  record Duplicate(Double timeStarted) implements Admission {}

  /** Refused for now: the serial lock is taken or the agent runs as many tasks as it may. */
  record Busy(String message) implements Admission {}
}
