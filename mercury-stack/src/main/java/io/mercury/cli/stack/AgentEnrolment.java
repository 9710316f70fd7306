package io.mercury.cli.stack;

import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.zeromq.ZContext;

/**
 * How the stack lets its agents in: as an operator would, with a one-use enrolment token from the
 * backend (audited there), which the agent presents once and which binds its key to its device.
 */
final class AgentEnrolment {
  /** Long enough for an agent JVM to start and inspect its machine on a loaded test machine. */
  private static final double TOKEN_TTL_SECONDS = 600;

  private AgentEnrolment() {}

  /**
   * A one-use token minted by the backend at {@code backend}, as the operator key {@code operator}.
   *
   * @throws StackException when the backend does not answer or refuses
   */
  static String token(ZContext zmq, String backend, CurveClient operator) {
    ClientSettings settings = ClientSettings.defaults("backend").withTimeout(Duration.ofSeconds(10)).withCurve(operator);
    try (ServiceClient client = new ServiceClient(zmq, backend, settings)) {
      Object reply =
          client.invoke(
              new Request("create_enrolment_token", List.of(), Map.of("ttl_seconds", TOKEN_TTL_SECONDS, "uses", 1L)), false);
      if (reply instanceof Map<?, ?> m && m.get("token") instanceof String token) {
        return token;
      }
      throw new StackMain.StackException("the backend answered create_enrolment_token with " + reply);
    } catch (TransportException | RemoteException e) {
      throw new StackMain.StackException("cannot mint an enrolment token for the local agent: " + e.getMessage());
    }
  }

  /**
   * Why the backend will not let the agent key {@code agentPublicKey} in: "revoked" or "rejected" when an
   * operator turned it down (the agent would then try to register until {@code up} gives up), empty
   * otherwise or when the backend cannot tell.
   */
  static java.util.Optional<String> refusal(ZContext zmq, String backend, CurveClient operator, String agentPublicKey) {
    ClientSettings settings = ClientSettings.defaults("backend").withTimeout(Duration.ofSeconds(10)).withCurve(operator);
    try (ServiceClient client = new ServiceClient(zmq, backend, settings)) {
      for (String status : List.of("revoked", "rejected")) {
        Object reply = client.invoke(new Request("list_keys", List.of(), Map.of("status", status)), true);
        if (reply instanceof Map<?, ?> m && m.get("keys") instanceof List<?> keys
            && keys.stream().anyMatch(k -> k instanceof Map<?, ?> key && agentPublicKey.equals(key.get("public_key")))) {
          return java.util.Optional.of(status);
        }
      }
      return java.util.Optional.empty();
    } catch (TransportException | RemoteException e) {
      return java.util.Optional.empty(); // the agent's own registration will say what is wrong
    }
  }
}
