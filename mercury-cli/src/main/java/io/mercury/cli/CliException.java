package io.mercury.cli;

import java.util.Objects;

/**
 * Ends a command with an exit code and a one-line reason, which {@link Mcli} prints to stderr as
 * {@code mcli: <reason>}.
 */
public final class CliException extends Exception {
  private final ExitCode exitCode;

  public CliException(ExitCode exitCode, String message) {
    super(Objects.requireNonNull(message, "message is null"));
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode is null");
  }

  public static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }

  public static CliException failure(String message) {
    return new CliException(ExitCode.FAILURE, message);
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
