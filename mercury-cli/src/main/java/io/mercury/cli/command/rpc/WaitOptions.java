package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How long to wait for a job ({@code --wait-timeout}); by default until it is done. Giving it implies
 * {@code --wait}.
 */
public final class WaitOptions {
  @Option(
      names = "--wait-timeout",
      paramLabel = "SECONDS",
      description = {
        "Wait at most this long for the job (implies --wait; default: until every",
        "task is done)."
      })
  Double waitTimeout;

  /** Whether a limit was given, which asks for a wait. */
  boolean given() {
    return waitTimeout != null;
  }

  /** The longest wait, empty for no limit. */
  Optional<Duration> limit() throws CliException {
    if (waitTimeout == null) {
      return Optional.empty();
    }
    if (!(waitTimeout > 0 && waitTimeout <= 30 * 86_400)) {
      throw CliException.usage(
          "--wait-timeout must be more than 0 and at most 2592000 seconds, was " + waitTimeout);
    }
    return Optional.of(Duration.ofMillis(Math.round(waitTimeout * 1000)));
  }
}
