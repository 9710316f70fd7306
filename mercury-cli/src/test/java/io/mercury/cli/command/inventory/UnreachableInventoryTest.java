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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

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
  void nothingListeningFailsWithOneLineWithinTheTimeout(String command) throws Exception {
    String address = deadAddress();
    String[] args = ("--timeout 5 --inventory " + address + " " + command).split(" ");

    long start = System.nanoTime();
    McliRun run = mcli(args);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("mcli: cannot reach inventory at " + address + ": nothing listens there (connection refused;"
            + " 'bin/mercury status' shows what runs where)\n");
    assertThat(took).as("a refused connection is known after a second, not the whole timeout").isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void aPeerThatTakesTheConnectionButNoHandshakeIsNamedSo() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            silent.accept(); // holds the connection and says nothing
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      String address = "tcp://127.0.0.1:" + silent.getLocalPort();

      McliRun run = mcli("--timeout", "1", "--inventory", address, "inventory", "count");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .isEqualTo("mcli: cannot reach inventory at " + address + ": it took the connection but no ZeroMQ handshake"
              + " completed within 1s (CURVE is off here; does the service expect CURVE?)\n");
    }
  }

  @Test
  void aServiceThatNeverAnswersIsNoReplyWithTheWholeTimeWaited() throws Exception {
    try (ZContext context = new ZContext()) {
      ZMQ.Socket mute = context.createSocket(SocketType.ROUTER);
      int port = mute.bindToRandomPort("tcp://127.0.0.1");
      String address = "tcp://127.0.0.1:" + port;

      // 2 s, not less: the handshake with the mute service must be seen done within the timeout, or mcli
      // rightly says no handshake completed (a loaded CI machine took longer than 0.5 s for it)
      McliRun run = mcli("--timeout", "2", "--inventory", address, "inventory", "count");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("mcli: no reply from inventory at " + address + " within 2s\n");
    }
  }
}
