package io.mercury.boot;

import io.mercury.common.client.KeyAdminClient;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.keys.EnrolmentToken;
import io.mercury.common.protocol.keys.KeyRequest;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints tokens through the backend's {@code create_enrolment_token(ttl_seconds, uses=1)}. When the
 * backend does not answer or refuses, the boot goes on without a token and this says why.
 */
public final class BackendTokenSource implements EnrolmentTokenSource {
  private static final Logger log = LoggerFactory.getLogger(BackendTokenSource.class);

  private final ServiceClient backend;
  private final KeyAdminClient keys;
  private final Duration ttl;

  public BackendTokenSource(ServiceClient backend, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("boot.enrolment.token_ttl must be positive, was " + ttl);
    }
    this.backend = backend;
    this.keys = new KeyAdminClient(backend);
    this.ttl = ttl;
  }

  @Override
  public Optional<String> mint(String mac) {
    try {
      EnrolmentToken token = keys.createEnrolmentToken(new KeyRequest.CreateEnrolmentToken(ttl.toMillis() / 1000.0, 1, mac));
      log.info("enrolment token {} minted for the agent booting with {}", token.id(), mac);
      return Optional.of(token.token());
    } catch (UnexpectedReplyException e) {
      log.warn("the backend at {} sent no token ({}); the agent boots without one", backend.endpoint(), e.getMessage());
    } catch (TransportException | RemoteException e) {
      log.warn("no enrolment token from the backend at {}: {}; the agent boots without one", backend.endpoint(), e.getMessage());
    }
    return Optional.empty();
  }
}
