package io.mercury.cli.trace;

import java.util.Locale;

/**
 * What a trace shows about one clock: it stamped an event earlier than an event that caused it. Only a
 * lower bound is known (a clock behind by 2 s stamps an agent's event 2 s early, but the event may also
 * have come 1.9 s after its dispatch), hence "at least".
 *
 * @param clock the service (and host) whose clock stamped the marked events
 * @param reference the clock it is compared with
 * @param direction behind the reference (an event before its cause) or ahead of the log service's
 *     (an event stamped after it was stored)
 * @param atLeastMillis the largest such gap in the trace
 */
public record ClockNote(String clock, String reference, Direction direction, long atLeastMillis) {

  /** Which way the clock differs, and from which causal relation that is known. */
  public enum Direction {
    /** An agent's event of a task is stamped before the backend's dispatch of that task. */
    BEHIND,
    /** An event is stamped after the log service stored it. */
    AHEAD
  }

  /** The note as the trace prints it under its table. */
  public String text() {
    return switch (direction) {
      case BEHIND ->
          String.format(
              Locale.ROOT,
              "clock of %s is behind %s by at least %d ms: its events are shown at their own times, before the dispatch that caused them",
              clock,
              reference,
              atLeastMillis);
      case AHEAD ->
          String.format(
              Locale.ROOT,
              "clock of %s is ahead of %s by at least %d ms: its events are stamped later than the log service stored them",
              clock,
              reference,
              atLeastMillis);
    };
  }
}
