package io.mercury.agent;

import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.zeromq.ZContext;

/**
 * The agent's call to the backend's enrolment socket: {@code enrol(mercury_id, hostname, token)}. One
 * attempt per call; {@link Enroller} decides on retries.
 */
public final class EnrolmentClient implements AutoCloseable {
  private final ServiceClient client;

  /**
   * @param curve CURVE towards the backend (whose enrolment socket has the backend's key), or null for
   *     plaintext
   */
  public EnrolmentClient(ZContext context, String url, Duration timeout, CurveClient curve) {
    this.client =
        new ServiceClient(
            context, url, ClientSettings.defaults("backend").withTimeout(timeout).withRetries(0).withCurve(curve));
  }

  public String endpoint() {
    return client.endpoint();
  }

  public Reply enrol(String mercuryId, String hostname, String token) throws TransportException {
    return client.call(new Request("enrol", Arrays.asList(mercuryId, hostname, token), Map.of()), true);
  }

  @Override
  public void close() {
    client.close();
  }
}
