package io.mercury.agent;

import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.zeromq.ZContext;

/**
 * The agent's calls to the backend (the backend's endpoints in the RPC contract): each returns the
 * backend's {@link Reply}, {@link Reply.Ok} when accepted (an original backend accepts everything), or
 * throws {@link TransportException} when no reply came. One attempt per call; callers decide on retries.
 * Safe to use from many threads.
 */
public final class BackendClient implements AutoCloseable {
  private final ServiceClient client;

  public BackendClient(ZContext context, String backendUrl, Duration timeout) {
    this(context, backendUrl, timeout, null);
  }

  /** A client that talks CURVE to the backend when {@code curve} is not null. */
  public BackendClient(ZContext context, String backendUrl, Duration timeout, CurveClient curve) {
    this.client = new ServiceClient(context, backendUrl, settings(timeout, curve));
  }

  /**
   * A client whose connection also carries the backend's requests to the agent (the agent channel),
   * served by {@code channel}.
   */
  public BackendClient(ZContext context, String backendUrl, Duration timeout, CurveClient curve, ServiceClient.Inbound channel) {
    this.client = new ServiceClient(context, backendUrl, settings(timeout, curve), channel);
  }

  private static ClientSettings settings(Duration timeout, CurveClient curve) {
    return ClientSettings.defaults("backend").withTimeout(timeout).withRetries(0).withCurve(curve);
  }

  public String endpoint() {
    return client.endpoint();
  }

  public Reply register(Map<String, Object> deviceInfo, Map<String, Object> agentInfo) throws TransportException {
    return call("register", deviceInfo, agentInfo);
  }

  /** Inventory update proxy: {@code update(mercury_id, update_data)}. */
  public Reply update(String mercuryId, Map<String, Object> changes) throws TransportException {
    return call("update", mercuryId, changes);
  }

  /** {@code heartbeat(mercury_id)}: the agent is alive (Mercury's backend only; the original has no such endpoint). */
  public Reply heartbeat(String mercuryId) throws TransportException {
    return call("heartbeat", mercuryId);
  }

  /**
   * {@code heartbeat(mercury_id, channel=true)}: the agent is alive and offers this connection as its
   * channel (only to a backend whose register reply said {@code channel: true}).
   */
  public Reply heartbeat(String mercuryId, boolean offerChannel) throws TransportException {
    if (!offerChannel) {
      return heartbeat(mercuryId);
    }
    return client.call(new Request("heartbeat", List.of(mercuryId), Map.of("channel", true)), true);
  }

  public Reply updateTask(Map<String, Object> updateData) throws TransportException {
    return call("update_task", updateData);
  }

  public Reply completeTask(Map<String, Object> returnData) throws TransportException {
    return call("complete_task", returnData);
  }

  private Reply call(String endpoint, Object... args) throws TransportException {
    return client.call(new Request(endpoint, Arrays.asList(args), Map.of()), true);
  }

  @Override
  public void close() {
    client.close();
  }
}
