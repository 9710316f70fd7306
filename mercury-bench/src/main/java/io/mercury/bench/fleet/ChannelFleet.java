package io.mercury.bench.fleet;

import io.mercury.bench.SyntheticDevices;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.zeromq.ZContext;

/**
 * A fleet of Mercury agents over the agent channel, each with a connection (and, with CURVE, a key) of its
 * own, run as {@link ChannelAgents} child processes of {@code perProcess} agents each (one thread owns a
 * process's agents; an agent costs one socket, about ten file descriptors (JeroMQ gives each socket a
 * signaling pipe and a selector), and the limit here is 20,000 per process).
 *
 * <p>With CURVE, every agent gets a fresh key pair, recorded in the key store as an accepted agent key
 * bound to the agent's device (the key's name is its {@code mercury_id}) before the storm: what an
 * operator's {@code mercury keys accept} of an enrolled key leaves behind, without the enrolment
 * round-trips (enrolment is not what is measured).
 */
public final class ChannelFleet implements SimulatedFleet {
  private final List<Child> children = new ArrayList<>();
  private final int agents;
  private final CurveKeyPair lastKey;

  /**
   * @param backend the backend's agent address
   * @param home where the agents' logs (and key files) go
   * @param store the store's connection string, where the agents' keys are accepted (with {@code curve})
   * @param taskDelay how long an agent's echo runs before it reports the result
   */
  private ChannelFleet(String backend, Path home, String store, int agents, int perProcess, Optional<FleetCurve> curve, Duration taskDelay)
      throws IOException {
    this.agents = agents;
    List<CurveKeyPair> keys = new ArrayList<>();
    if (curve.isPresent()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < agents; i++) {
        keys.add(CurveKeyPair.generate());
        ids.add(SyntheticDevices.mercuryId(i));
      }
      curve.get().acceptAgentKeys(store, keys, ids);
    }
    lastKey = keys.isEmpty() ? null : keys.getLast();
    for (int first = 0; first < agents; first += perProcess) {
      int count = Math.min(perProcess, agents - first);
      String keysFile = "-";
      if (!keys.isEmpty()) {
        Path file = home.resolve("channel-keys-" + first + ".txt");
        List<String> lines = new ArrayList<>();
        for (CurveKeyPair k : keys.subList(first, first + count)) {
          lines.add(k.publicKey() + " " + k.secretKey());
        }
        Files.write(file, lines);
        keysFile = file.toString();
      }
      String backendKey = curve.map(FleetCurve::backendPublicKey).orElse("-");
      children.add(new Child(backend, home, first, count, backendKey, keysFile, taskDelay));
    }
    for (Child c : children) {
      c.await("ready");
    }
  }

  @Override
  public CompletableFuture<Integer> registerAll() {
    children.forEach(c -> c.send("register"));
    return CompletableFuture.supplyAsync(
        () -> {
          int accepted = 0;
          for (Child c : children) {
            String[] line = c.await("registered").split(" ");
            accepted += Integer.parseInt(line[1]);
            int channel = Integer.parseInt(line[2]);
            if (channel != Integer.parseInt(line[1])) {
              System.out.printf("  WARNING: agents %d+: %s accepted, %d with the channel%n", c.first, line[1], channel);
            }
          }
          return accepted;
        });
  }

  /**
   * A fleet for {@code stack}: plaintext or with a key per agent as the stack runs; with keys, returns once
   * the backend lets the last agent's key in. Agents connect on {@link #registerAll()}.
   */
  public static ChannelFleet start(BenchStack stack, int agents, int perProcess) throws IOException {
    ChannelFleet fleet = new ChannelFleet(stack.backend(), stack.home(), stack.store(), agents, perProcess, stack.curve(), Duration.ZERO);
    if (fleet.lastKey().isPresent()) {
      ClientSettings probe = ClientSettings.defaults("backend").withTimeout(Duration.ofSeconds(1)).withRetries(0);
      try (ZContext zmq = new ZContext()) {
        awaitBackendAccepts(zmq, stack.backend(), stack.curve().orElseThrow().agentClient(probe, fleet.lastKey().get()));
      }
    }
    return fleet;
  }

  /**
   * Waits until the backend's allow-list (re-read from the store every 2 s) has the agents' keys: until a
   * request the backend does not know ({@code bench_probe}) over a fresh CURVE connection with the last
   * key accepted gets any reply. The fleet connects only after this, because JeroMQ does not retry a
   * connection its server's ZAP handler refused, and requests queued on it would be lost.
   */
  private static void awaitBackendAccepts(ZContext zmq, String backend, ClientSettings probe) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try (ServiceClient client = new ServiceClient(zmq, backend, probe)) {
        client.invoke(new Request("bench_probe", List.of(), Map.of()), true);
        return;
      } catch (RemoteException e) {
        return; // an answer: the connection was let in
      } catch (TransportException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the backend did not accept the fleet's CURVE keys within 60 s", e);
        }
      }
    }
  }

  /**
   * A plaintext fleet for a backend at {@code backend} (a stack with CURVE off), whose echo takes {@code
   * taskDelay}; its processes' logs go to {@code logDir}. Agents connect on {@link #registerAll()}.
   */
  public static ChannelFleet plaintext(String backend, Path logDir, int agents, int perProcess, Duration taskDelay) throws IOException {
    return new ChannelFleet(backend, logDir, null, agents, perProcess, Optional.empty(), taskDelay);
  }

  /** Forgets which agents heard from the backend; {@link #back()} counts from here. */
  public void mark() {
    for (Child c : children) {
      c.send("mark");
      c.send("back"); // answered after the mark: the mark has been applied when this returns
    }
    for (Child c : children) {
      c.await("back");
    }
  }

  /** Agents whose registration was accepted or heartbeat answered {@code known} since {@link #mark()}. */
  public int back() {
    children.forEach(c -> c.send("back"));
    int back = 0;
    for (Child c : children) {
      back += Integer.parseInt(c.await("back").split(" ")[1]);
    }
    return back;
  }

  @Override
  public FleetSimulator.Stats stats() {
    long[] sum = new long[8];
    for (Child c : children) {
      c.send("stats");
    }
    for (Child c : children) {
      String[] f = c.await("stats").split(" ");
      for (int i = 0; i < sum.length; i++) {
        sum[i] += Long.parseLong(f[i + 1]);
      }
    }
    // "resent" is the connections the agents' clients made again (each a CURVE handshake)
    return new FleetSimulator.Stats(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[7], sum[6]);
  }

  @Override
  public String mercuryId(int i) {
    return SyntheticDevices.mercuryId(i);
  }

  @Override
  public void kill(int i) {
    for (Child c : children) {
      if (i >= c.first && i < c.first + c.count) {
        c.send("kill " + i);
      }
    }
  }

  @Override
  public List<Long> pids() {
    return children.stream().map(c -> c.process.pid()).toList();
  }

  @Override
  public void close() {
    for (Child c : children) {
      c.send("quit");
    }
    for (Child c : children) {
      try {
        if (!c.process.waitFor(10, TimeUnit.SECONDS)) {
          c.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.process.destroyForcibly();
      }
    }
  }

  int agents() {
    return agents;
  }

  /** The last agent's key pair (empty in plaintext): the backend accepts it once it has read them all. */
  Optional<CurveKeyPair> lastKey() {
    return Optional.ofNullable(lastKey);
  }

  /** One {@link ChannelAgents} process; its stdout lines are read into a queue. */
  private static final class Child {
    final int first;
    final int count;
    final Process process;
    final PrintWriter commands;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Child(String backend, Path home, int first, int count, String backendKey, String keysFile, Duration taskDelay) throws IOException {
      this.first = first;
      this.count = count;
      String java = ProcessHandle.current().info().command().orElseThrow();
      List<String> command =
          List.of(
              java, "--sun-misc-unsafe-memory-access=allow", "-Xmx256m", "-XX:+UseSerialGC",
              "-Dlogback.configurationFile=channel-agents-logback.xml",
              "-cp", System.getProperty("java.class.path"),
              ChannelAgents.class.getName(), backend, backendKey, String.valueOf(first), String.valueOf(count), keysFile,
              String.valueOf(taskDelay.toMillis()));
      process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("channel-agents-" + first + ".log").toFile()))
              .start();
      commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "channel-agents-" + first);
      reader.setDaemon(true);
      reader.start();
    }

    void send(String command) {
      commands.println(command);
    }

    /** The next line starting with {@code prefix}, skipping others; fails at once when the process ended. */
    String await(String prefix) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      try {
        while (true) {
          String line = lines.poll(1, TimeUnit.SECONDS);
          if (line == null) {
            if (!process.isAlive() && lines.isEmpty()) {
              throw new IllegalStateException("agents " + first + "+: the process exited (" + process.exitValue()
                  + ") before '" + prefix + "'; see channel-agents-" + first + ".log");
            }
            if (System.nanoTime() - deadline > 0) {
              throw new IllegalStateException("agents " + first + "+: no '" + prefix + "' within 10 min");
            }
          } else if (line.startsWith(prefix)) {
            return line;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
