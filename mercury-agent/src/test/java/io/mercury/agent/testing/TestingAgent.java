package io.mercury.agent.testing;

import io.mercury.agent.AgentConfig;
import io.mercury.agent.AgentService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.zeromq.ZContext;

/**
 * An in-process agent for tests: ephemeral ports on loopback, a generated machine tree ({@link
 * FixtureHost}, one product UUID per agent, so each has its own mercury_id) and a temporary state
 * directory, against the given backend. {@code TestingAgent.start("tcp://127.0.0.1:9002")}; close it to
 * stop it and delete what it created.
 */
public final class TestingAgent implements AutoCloseable {
  private final ZContext context = new ZContext();
  private final Path root;
  private final Path stateDir;
  private final boolean ownsStateDir;
  private final AgentService service;
  private final io.mercury.agent.AgentSecurity security;

  private TestingAgent(AgentConfig config, Path root, boolean ownsStateDir) {
    this(config, root, ownsStateDir, null);
  }

  private TestingAgent(AgentConfig config, Path root, boolean ownsStateDir, java.util.List<String> backendKeys) {
    this.root = root;
    this.stateDir = config.stateDir();
    this.ownsStateDir = ownsStateDir;
    try {
      this.security =
          backendKeys == null
              ? io.mercury.agent.AgentSecurity.off()
              : io.mercury.agent.AgentSecurity.on(
                  io.mercury.common.security.KeyFiles.loadOrCreate(
                      config.stateDir(), io.mercury.agent.AgentSecurity.KEY_FILE_NAME, java.util.Map.of()),
                  backendKeys);
      this.service =
          AgentService.start(context, config, io.mercury.agent.capability.Capabilities::load, security);
    } catch (RuntimeException e) {
      context.close();
      try {
        deleteCreated();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  public static TestingAgent start(String backendUrl) throws IOException {
    return start(backendUrl, UnaryOperator.identity());
  }

  /** Starts with the testing defaults changed by {@code customize} (e.g. {@code c -> c.withMaxConcurrentTasks(1)}). */
  public static TestingAgent start(String backendUrl, UnaryOperator<AgentConfig> customize) throws IOException {
    Path root = FixtureHost.write(Files.createTempDirectory("mercury-agent-root"), UUID.randomUUID().toString());
    Path state = Files.createTempDirectory("mercury-agent-state");
    AgentConfig config = customize.apply(AgentConfig.forTesting(backendUrl, state, root));
    boolean ownsState = config.stateDir().equals(state);
    if (!ownsState) {
      Files.delete(state);
    }
    return new TestingAgent(config, root, ownsState);
  }

  /**
   * Starts a CURVE agent: its key pair is generated in its state directory on first start (as a real
   * agent's is), and it accepts only {@code backendKeys} and connects to the first.
   */
  public static TestingAgent startSecure(String backendUrl, java.util.List<String> backendKeys) throws IOException {
    return startSecure(backendUrl, backendKeys, UnaryOperator.identity());
  }

  /** As {@link #startSecure(String, java.util.List)} with the testing defaults changed by {@code customize}. */
  public static TestingAgent startSecure(
      String backendUrl, java.util.List<String> backendKeys, UnaryOperator<AgentConfig> customize) throws IOException {
    Path root = FixtureHost.write(Files.createTempDirectory("mercury-agent-root"), UUID.randomUUID().toString());
    Path state = Files.createTempDirectory("mercury-agent-state");
    return new TestingAgent(customize.apply(AgentConfig.forTesting(backendUrl, state, root)), root, true, backendKeys);
  }

  /** The agent's CURVE public key, or null when CURVE is off. */
  public String publicKey() {
    return security.curve() ? security.key().publicKey() : null;
  }

  /** Starts with exactly this configuration; nothing is deleted on close. */
  public static TestingAgent start(AgentConfig config) {
    return new TestingAgent(config, null, false);
  }

  public AgentService service() {
    return service;
  }

  public String rpcEndpoint() {
    return service.rpcEndpoint();
  }

  public String pongEndpoint() {
    return service.pongEndpoint();
  }

  public String mercuryId() {
    return service.mercuryId();
  }

  /** The machine tree the agent inspects (null when started with an explicit configuration). */
  public Path root() {
    return root;
  }

  public Path stateDir() {
    return stateDir;
  }

  /** Stops the agent and deletes the tree and state directory it created. */
  @Override
  public void close() throws IOException {
    service.close();
    context.close();
    deleteCreated();
  }

  private void deleteCreated() throws IOException {
    if (root != null) {
      delete(root);
    }
    if (ownsStateDir) {
      delete(stateDir);
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
