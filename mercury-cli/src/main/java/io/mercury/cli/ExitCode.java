package io.mercury.cli;

/** The exit status of {@code mcli}; scripts can rely on these values. */
public enum ExitCode {
  /** The command did what was asked. */
  OK(0),
  /** The command failed: a service was unreachable or answered with an error, or an item was missing. */
  FAILURE(1),
  /** The command line was wrong: unknown option, bad filter, malformed JSON. Nothing was sent. */
  USAGE(2),
  /** Some targets of a fleet command failed or did not answer (reserved for the rpc commands). */
  PARTIAL(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
