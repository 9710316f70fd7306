package io.mercury.cli.client;

import io.mercury.common.client.KeyAdminClient;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.keys.EnrolmentToken;
import io.mercury.common.protocol.keys.KeyListing;
import io.mercury.common.protocol.keys.KeyRequest;
import io.mercury.common.protocol.keys.KeyStatusReply;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.List;
import org.zeromq.ZContext;

/**
 * The CLI's door to the backend's key endpoints (through the typed {@link KeyAdminClient}): {@code list_keys}, {@code set_key_status} and {@code
 * create_enrolment_token}. Only the listing is retried; a status change or a token is asked for once.
 * Errors come back as {@link ServiceException} with a one-line message.
 */
public final class KeysClient implements AutoCloseable {
  private final ZContext context = new ZContext();
  /** Reads are resent: their attempts share --timeout, so mcli waits as long as it says. */
  private final ServiceClient reads;
  /** Changes are sent once, with the whole --timeout (a CURVE handshake in a fresh JVM takes its share). */
  private final ServiceClient writes;
  private final String endpoint;
  private final CurveClient curve;
  private final KeyAdminClient readKeys;
  private final KeyAdminClient writeKeys;
  private static final int READ_ATTEMPTS = 3;

  private KeysClient(String endpoint, Duration timeout, CurveClient curve) {
    this.endpoint = endpoint;
    ClientSettings settings = ClientSettings.defaults("backend").withCurve(curve).withFailFastWhenRefused();
    this.reads =
        new ServiceClient(
            context, endpoint, settings.withTimeout(timeout.dividedBy(READ_ATTEMPTS)).withRetries(READ_ATTEMPTS - 1));
    this.writes = new ServiceClient(context, endpoint, settings.withTimeout(timeout).withRetries(0));
    this.curve = curve;
    this.readKeys = new KeyAdminClient(reads);
    this.writeKeys = new KeyAdminClient(writes);
  }

  /**
   * A client of the backend at {@code endpoint}, CURVE when {@code curve} is not null; connecting is
   * lazy, so this never blocks.
   */
  public static KeysClient connect(String endpoint, Duration timeout, CurveClient curve) {
    return new KeysClient(endpoint, timeout, curve);
  }

  /** The keys, all or those with {@code status} (null: all), oldest first. */
  public List<KeyListing> list(String status) throws ServiceException {
    try {
      return readKeys.listKeys(status);
    } catch (UnexpectedReplyException e) {
      throw new ServiceException("the backend at " + endpoint + " sent an unreadable list_keys reply", e);
    } catch (RemoteException | TransportException e) {
      throw failure(e);
    }
  }

  /** {@code set_key_status}: the keys changed, those already in the status and the refusals. */
  public KeyStatusReply setStatus(List<String> keys, String status) throws ServiceException {
    try {
      return writeKeys.setKeyStatus(keys, status);
    } catch (UnexpectedReplyException e) {
      throw new ServiceException("the backend at " + endpoint + " sent an unreadable set_key_status reply", e);
    } catch (RemoteException | TransportException e) {
      throw failure(e);
    }
  }

  /** {@code create_enrolment_token} for {@code uses} keys within {@code ttl}. */
  public EnrolmentToken createToken(Duration ttl, long uses) throws ServiceException {
    try {
      return writeKeys.createEnrolmentToken(new KeyRequest.CreateEnrolmentToken(ttl.toMillis() / 1000.0, uses, null));
    } catch (UnexpectedReplyException e) {
      throw new ServiceException("the backend at " + endpoint + " sent no token", e);
    } catch (RemoteException | TransportException e) {
      throw failure(e);
    }
  }

  private ServiceException failure(Exception e) {
    if (e instanceof TransportException t) {
      return new ServiceException(Unreachable.describe("the backend", endpoint, t, curve), t);
    }
    String message = e.getMessage() == null ? "(no message)" : e.getMessage();
    return new ServiceException("backend error: " + message.lines().findFirst().orElse(message), e);
  }

  @Override
  public void close() {
    reads.close();
    writes.close();
    context.close();
  }
}
