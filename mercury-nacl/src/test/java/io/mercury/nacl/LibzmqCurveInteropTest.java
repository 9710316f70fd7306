package io.mercury.nacl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * JeroMQ on this module against libzmq's own CURVE (Debian's python3-zmq, a separate process running
 * {@code libzmq_peer.py}), both ways: a libzmq server answers a JeroMQ client, and a JeroMQ server
 * answers a libzmq client. Each side makes its own keys with its own crypto, so our key pairs, boxes and
 * handshake are checked against an independent implementation, not against themselves.
 *
 * <p>Skipped, with the reason, when no python3 here imports zmq with CURVE ({@code bin/mercury test}
 * installs python3-zmq when it runs as root with apt).
 */
class LibzmqCurveInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static String python;
  private static String script;

  private final List<Peer> peers = new ArrayList<>();
  private ZContext context;

  @BeforeAll
  static void findPythonWithCurve() throws IOException {
    python = pythonWithCurve().orElse(null);
    Assumptions.assumeTrue(
        python != null,
        "CURVE interop with libzmq skipped: no python3 here runs `import zmq; assert zmq.has(\"curve\")`"
            + " (install Debian's python3-zmq; bin/mercury test does when run as root)");
    try (InputStream in = LibzmqCurveInteropTest.class.getResourceAsStream("libzmq_peer.py")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void setUp() {
    context = new ZContext();
  }

  @AfterEach
  void tearDown() {
    peers.forEach(Peer::close);
    context.close();
  }

  @Test
  void aLibzmqServerAnswersAJeromqClient() {
    Peer server = start("server");
    await().atMost(WAIT).until(() -> server.value("PORT").isPresent() || !server.process.isAlive());
    String serverKey = server.value("KEY").orElseThrow(() -> new AssertionError("libzmq server: " + server.lines));
    int port = Integer.parseInt(server.value("PORT").orElseThrow());

    ZMQ.Curve.KeyPair keys = ZMQ.Curve.generateKeyPair();
    // JeroMQ 0.6.0 now and then leaves a fresh connection's handshake stalled (jeromq issues 624 and 849;
    // production code replaces such a connection, see AgentConnection): a first request unanswered in
    // 5 s is sent again on a new socket, never more than three times
    ZMQ.Socket dealer = null;
    String first = null;
    for (int attempt = 0; attempt < 3 && first == null; attempt++) {
      if (dealer != null) {
        dealer.close();
      }
      dealer = curveDealer(keys, serverKey, port);
      dealer.send("hello 0 from jeromq");
      first = dealer.recvStr();
    }
    assertThat(first).as("libzmq server: %s", server.lines).isEqualTo("hello 0 from jeromq / libzmq");
    dealer.setReceiveTimeOut((int) WAIT.toMillis());
    for (int i = 1; i < 3; i++) {
      dealer.send("hello " + i + " from jeromq");
      assertThat(dealer.recvStr()).as("libzmq server: %s", server.lines).isEqualTo("hello " + i + " from jeromq / libzmq");
    }
  }

  private ZMQ.Socket curveDealer(ZMQ.Curve.KeyPair keys, String serverKey, int port) {
    ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setReceiveTimeOut(5000);
    dealer.setCurveServerKey(ZMQ.Curve.z85Decode(serverKey));
    dealer.setCurvePublicKey(ZMQ.Curve.z85Decode(keys.publicKey));
    dealer.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey));
    dealer.connect("tcp://127.0.0.1:" + port);
    return dealer;
  }

  @Test
  void aJeromqServerAnswersALibzmqClient() throws InterruptedException {
    ZMQ.Curve.KeyPair keys = ZMQ.Curve.generateKeyPair();
    ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
    router.setLinger(0);
    router.setReceiveTimeOut((int) WAIT.toMillis());
    router.setCurveServer(true);
    router.setCurvePublicKey(ZMQ.Curve.z85Decode(keys.publicKey));
    router.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey));
    int port = router.bindToRandomPort("tcp://127.0.0.1");

    Peer client = start("client", "tcp://127.0.0.1:" + port, keys.publicKey, "hello from libzmq");
    byte[] identity = router.recv();
    assertThat(identity).as("libzmq client: %s", client.lines).isNotNull();
    assertThat(router.recvStr()).isEqualTo("hello from libzmq");
    router.sendMore(identity);
    router.send("hello from libzmq / jeromq");

    assertThat(client.exitCode()).as("libzmq client: %s", client.lines).isZero();
    assertThat(client.lines).contains("REPLY hello from libzmq / jeromq");
    assertThat(client.value("KEY")).as("the client's own key").isPresent();
  }

  private Peer start(String... args) {
    List<String> command = new ArrayList<>(List.of(python, "-c", script));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      Peer peer = new Peer(process);
      peers.add(peer);
      return peer;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + python, e);
    }
  }

  /** Debian's interpreter first: a pyenv or venv python3 earlier on the PATH does not see python3-zmq. */
  private static Optional<String> pythonWithCurve() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p =
            new ProcessBuilder(candidate, "-c", "import zmq; assert zmq.has('curve')")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        } else if (p.exitValue() == 0) {
          return Optional.of(candidate);
        }
      } catch (IOException e) {
        // not installed: try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** One python3 process; its output lines are collected as they come. */
  private static final class Peer implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Thread reader;

    Peer(Process process) {
      this.process = process;
      this.reader = Thread.ofPlatform().daemon().name("libzmq-peer-" + process.pid()).start(this::read);
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process was destroyed
      }
    }

    /** The rest of the first line that starts with {@code name} and a space. */
    Optional<String> value(String name) {
      return lines.stream()
          .filter(l -> l.startsWith(name + " "))
          .findFirst()
          .map(l -> l.substring(name.length() + 1).trim());
    }

    int exitCode() throws InterruptedException {
      if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("python peer still running after " + WAIT + ": " + lines);
      }
      reader.join(WAIT.toMillis());
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
