package io.mercury.cli.command.inventory;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.testing.McliRun;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With nothing listening, every command fails with one line within its timeout. */
@Tag("e2e")
class UnreachableInventoryTest {
  private static String deadAddress() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "tcp://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"inventory", "inventory count", "inventory get 01ab", "inventory --json"})
  void failsWithOneLineWithinTheTimeout(String command) throws Exception {
    String address = deadAddress();
    String[] args = (command + " --timeout 1 --inventory " + address).split(" ");

    long start = System.nanoTime();
    McliRun run = mcli(args);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("mcli: cannot reach inventory at " + address + " (no reply within 1s)\n");
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
  }

  @Test
  void fractionalTimeoutIsShownAsGiven() throws Exception {
    String address = deadAddress();

    McliRun run = mcli("inventory", "count", "--timeout", "0.5", "--inventory", address);

    assertThat(run.err()).isEqualTo("mcli: cannot reach inventory at " + address + " (no reply within 0.5s)\n");
  }
}
