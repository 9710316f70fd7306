package io.mercury.agent;

import io.mercury.agent.testing.OriginalBackend;
import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.zeromq.ZContext;

/** An original-style backend and an agent registered with it, over real sockets; for one test. */
final class AgentFixture implements AutoCloseable {
  final ZContext context = new ZContext();
  final OriginalBackend backend;
  final TestingAgent agent;
  private final ServiceClient rpc;

  AgentFixture() throws Exception {
    this(UnaryOperator.identity());
  }

  AgentFixture(UnaryOperator<AgentConfig> customize) throws Exception {
    this(customize, backend -> {});
  }

  /** With the backend set up by {@code beforeTheAgent} before the agent starts (and registers). */
  AgentFixture(UnaryOperator<AgentConfig> customize, Consumer<OriginalBackend> beforeTheAgent) throws Exception {
    backend = OriginalBackend.start(context);
    beforeTheAgent.accept(backend);
    agent = TestingAgent.start(backend.endpoint(), customize);
    rpc = client(agent.rpcEndpoint());
  }

  /** A client that proves its connection before sending (see ServiceClient). */
  ServiceClient client(String endpoint) {
    return new ServiceClient(context, endpoint, ClientSettings.defaults("agent").withTimeout(Duration.ofSeconds(10)).withRetries(0));
  }

  /** Sends a message to the agent's RPC ROUTER and returns the reply. */
  @SuppressWarnings("unchecked")
  Map<String, Object> send(Map<String, Object> message) {
    try {
      return (Map<String, Object>) rpc.exchange(message, false);
    } catch (TransportException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** The {@code {status, data}} of the agent's reply. */
  @SuppressWarnings("unchecked")
  Map<String, Object> status(Map<String, Object> message) {
    return (Map<String, Object>) send(message).get("message");
  }

  static Map<String, Object> rpc(String taskId, String method, List<?> args, Map<String, ?> kwargs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("category", "rpc");
    m.put("method", method);
    m.put("args", args);
    m.put("kwargs", kwargs);
    m.put("task_id", taskId);
    m.put("job_id", "job-" + taskId);
    return m;
  }

  static String newTaskId() {
    return UUID.randomUUID().toString();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    rpc.close();
    agent.close();
    backend.close();
    context.close();
  }
}
