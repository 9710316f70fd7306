package io.mercury.chaos;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What one README tour command must do on a fresh stack.
 *
 * @param kind run to its end, follow (never ends: stopped at {@code limit}), or skip
 * @param exitCode the exit code a {@link Kind#RUN} line ends with
 * @param line a regex one line of its stdout+stderr must match ({@link java.util.regex.Matcher#find}); null for a follow that
 *     may legitimately print nothing
 * @param note why it is skipped, or why a follow may print nothing
 * @param limit how long it may run
 * @param capturesJob the name under which the {@code job <id>:} it prints is kept, or null
 * @param job which kept job {@code JOB_ID} stands for in it
 * @param needs a program it needs besides Mercury (jq, curl), or null: without it the line is skipped
 */
record TourExpectation(
    Kind kind, int exitCode, Pattern line, String note, Duration limit, String capturesJob, String job, String needs) {
  enum Kind { RUN, FOLLOW, SKIP }

  /** The job {@code JOB_ID} means unless an entry says otherwise. */
  static final String FIRST_JOB = "first";

  static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  /**
   * Long enough for a JVM to start and print what it has on a loaded 2-core machine; a follow then
   * still running is following.
   */
  static final Duration FOLLOW_WINDOW = Duration.ofSeconds(6);

  static TourExpectation exits(int exitCode, String line) {
    return new TourExpectation(Kind.RUN, exitCode, Pattern.compile(line), "", RUN_LIMIT, null, FIRST_JOB, null);
  }

  static TourExpectation follows(String line) {
    return new TourExpectation(Kind.FOLLOW, 0, Pattern.compile(line), "", FOLLOW_WINDOW, null, FIRST_JOB, null);
  }

  /** A follow with nothing to print on a fresh stack: it must still be following when stopped. */
  static TourExpectation followsQuietly(String why) {
    return new TourExpectation(Kind.FOLLOW, 0, null, why, FOLLOW_WINDOW, null, FIRST_JOB, null);
  }

  static TourExpectation skip(String reason) {
    return new TourExpectation(Kind.SKIP, 0, null, reason, Duration.ZERO, null, FIRST_JOB, null);
  }

  TourExpectation capturingJob(String name) {
    return new TourExpectation(kind, exitCode, line, note, limit, name, job, needs);
  }

  TourExpectation onJob(String name) {
    return new TourExpectation(kind, exitCode, line, note, limit, capturesJob, name, needs);
  }

  TourExpectation within(Duration max) {
    return new TourExpectation(kind, exitCode, line, note, max, capturesJob, job, needs);
  }

  TourExpectation needing(String program) {
    return new TourExpectation(kind, exitCode, line, note, limit, capturesJob, job, program);
  }

  /** Why {@code outcome} does not meet this expectation, or null when it does. */
  String unmet(ShellLine.Outcome outcome) {
    if (kind == Kind.FOLLOW) {
      if (!outcome.stillRunning()) {
        return "expected it to keep following for " + limit.toSeconds() + " s, but it ended: " + outcome.describe();
      }
    } else if (outcome.stillRunning() || outcome.exitCode() != exitCode) {
      return "expected exit " + exitCode + ", got " + outcome.describe();
    }
    if (line != null && !outcome.anyLineMatches(line)) {
      return "no line of its output matches /" + line + "/";
    }
    return null;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case RUN -> "exit " + exitCode + ", a line matching /" + line + "/";
      case FOLLOW -> "still following after " + limit.toSeconds() + " s" + (line == null ? "" : ", a line matching /" + line + "/");
      case SKIP -> "skipped: " + note;
    };
  }
}
