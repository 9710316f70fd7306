package io.mercury.common.client;

import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.log.LogBatchReply;
import io.mercury.common.protocol.log.LogEvent;
import io.mercury.common.protocol.log.LogRequest;
import io.mercury.common.protocol.log.LogWire;
import io.mercury.common.protocol.log.QueryLogsReply;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.List;
import java.util.Objects;

/**
 * The log service, typed: one method per endpoint, records in and out ({@link LogWire} maps them).
 *
 * <p>Every method throws {@link TransportException} when no reply came, {@link RemoteException} when the
 * service refused or failed and {@link UnexpectedReplyException} when the reply had the wrong shape.
 * Queries and {@code follow_address} are resent after a timeout; {@code log_batch} is not (a resent
 * batch would be stored twice).
 *
 * <p>Does not own the {@link ServiceClient}; its owner closes it. Thread-safe, as the ServiceClient is.
 */
public final class LogClient {
  private final ServiceClient client;

  public LogClient(ServiceClient client) {
    this.client = Objects.requireNonNull(client, "client is null");
  }

  /** Stores {@code events}; the invalid ones come back by index in the reply. Not resent after a timeout. */
  public LogBatchReply logBatch(List<LogEvent> events) throws TransportException, RemoteException, UnexpectedReplyException {
    return LogWire.logBatchReply(invoke(new LogRequest.LogBatch(events), false));
  }

  public QueryLogsReply queryLogs(LogRequest.QueryLogs query)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return LogWire.queryLogsReply(invoke(query, true));
  }

  /** The PUB address as the service bound it (a loopback host is the service's own). */
  public String followAddress() throws TransportException, RemoteException, UnexpectedReplyException {
    return LogWire.followAddress(invoke(new LogRequest.FollowAddress(), true));
  }

  private Object invoke(LogRequest request, boolean idempotent) throws TransportException, RemoteException {
    return client.invoke(LogWire.request(request), idempotent);
  }
}
