package io.mercury.cli;

/** The exit status of {@code mcli}; scripts can rely on these values. */
public enum ExitCode {
  /** The command did what was asked. */
  OK(0),
  /**
   * The command failed: a service was unreachable or answered with an error, an item was missing, or
   * what the services hold stopped a change (it matched no device; a boot script that the matching
   * devices' documents lack variables for, without {@code --force}).
   */
  FAILURE(1),
  /** The command line was wrong: unknown option, bad filter, malformed JSON. Nothing was sent. */
  USAGE(2),
  /**
   * A job ran but not every target succeeded: some failed (ERROR, CANCELLED, a {@code run} with a
   * non-zero return code), timed out, or had not finished when the wait ended ({@code mcli rpc --wait},
   * {@code mcli shell}).
   */
  PARTIAL(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
