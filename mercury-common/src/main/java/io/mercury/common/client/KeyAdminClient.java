package io.mercury.common.client;

import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.keys.EnrolmentToken;
import io.mercury.common.protocol.keys.KeyListing;
import io.mercury.common.protocol.keys.KeyRequest;
import io.mercury.common.protocol.keys.KeyStatusReply;
import io.mercury.common.protocol.keys.KeyWire;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.List;
import java.util.Objects;

/**
 * The backend's key administration, typed: one method per endpoint, records in and out ({@link KeyWire}
 * maps them).
 *
 * <p>Every method throws {@link TransportException} when no reply came, {@link RemoteException} when the
 * backend refused or failed and {@link UnexpectedReplyException} when the reply had the wrong shape. Only
 * the listing is resent after a timeout; a status change or a token is asked for once.
 *
 * <p>Does not own the {@link ServiceClient}; its owner closes it. Thread-safe, as the ServiceClient is.
 */
public final class KeyAdminClient {
  private final ServiceClient client;

  public KeyAdminClient(ServiceClient client) {
    this.client = Objects.requireNonNull(client, "client is null");
  }

  /** The keys, all or those with {@code status} (null: all), oldest first. */
  public List<KeyListing> listKeys(String status) throws TransportException, RemoteException, UnexpectedReplyException {
    return KeyWire.keyList(invoke(new KeyRequest.ListKeys(status), true));
  }

  public KeyStatusReply setKeyStatus(List<String> keys, String status)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return KeyWire.keyStatusReply(invoke(new KeyRequest.SetKeyStatus(keys, status), false));
  }

  public EnrolmentToken createEnrolmentToken(KeyRequest.CreateEnrolmentToken request)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return KeyWire.enrolmentToken(invoke(request, false));
  }

  private Object invoke(KeyRequest request, boolean idempotent) throws TransportException, RemoteException {
    return client.invoke(KeyWire.request(request), idempotent);
  }
}
