package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import picocli.CommandLine.Option;

/**
 * Whether {@code mcli rpc} waits for the job it creates. It does by default, as Salt and Choria do: an
 * operator who runs a command wants its results, and the exit status then says whether every target
 * succeeded, for people and scripts alike (a default that changed with the terminal would make a script
 * behave unlike the line it was copied from). {@code --no-wait} returns at once with the job id, for
 * long jobs followed with {@code mcli rpc job ID}.
 */
public final class WaitChoice {
  @Option(
      names = {"-w", "--wait"},
      description = "Wait for the job and show every result (the default; accepted for older scripts).")
  boolean wait;

  @Option(
      names = "--no-wait",
      description = "Return once the job is created, printing its id ('mcli rpc job ID' follows it).")
  boolean noWait;

  /** Whether to wait; a usage error when --no-wait contradicts --wait or --wait-timeout. */
  boolean waits(WaitOptions limit) throws CliException {
    if (noWait && (wait || limit.given())) {
      throw CliException.usage("--no-wait contradicts " + (wait ? "--wait" : "--wait-timeout"));
    }
    return !noWait;
  }
}
