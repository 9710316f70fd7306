package io.mercury.inspector.source;

/**
 * What running an external tool gave.
 *
 * @param outcome whether it ran, and how it ended
 * @param exitCode the exit code when it ran to the end, else -1
 * @param stdout standard output (empty unless it ran)
 * @param detail a one-line explanation for logs when the outcome is not {@link Outcome#OK}
 */
public record CommandResult(Outcome outcome, int exitCode, String stdout, String detail) {
  public enum Outcome {
    /** Exit code 0. */
    OK,
    /** The tool is not installed. */
    MISSING,
    /** It ran and exited non-zero. */
    FAILED,
    /** It did not finish in time and was killed. */
    TIMED_OUT
  }

  public boolean ok() {
    return outcome == Outcome.OK;
  }
}
