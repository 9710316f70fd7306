package io.mercury.common.transport;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * A client of one Mercury ROUTER service, safe to use from many threads at once.
 *
 * <p>Threading: one loop thread owns a DEALER socket. Callers hand requests to it through a queue and a
 * wake-up pipe and wait on a future. Each request travels as {@code [request-id][empty][payload]}; a
 * ROUTER treats the id frame as part of the return envelope, so the reply comes back with it and is
 * matched to its caller. The original's servers keep every frame but the last as the envelope, so this
 * works against them too.
 *
 * <p>Timeouts and retries: a call that gets no reply within {@link ClientSettings#timeout()} is resent
 * only when the caller declared it idempotent, up to {@link ClientSettings#retries()} times. When no reply
 * at all has arrived on the socket since the timed-out request was sent, the connection is presumed dead:
 * the loop closes the socket and opens a new one (the "Lazy Pirate" reset), resends the other idempotent
 * requests in flight and fails the non-idempotent ones, since it cannot know whether they were processed.
 *
 * <p>Requests from the server: a client created with an {@link Inbound} also serves requests the server
 * sends over this connection ({@link PeerRequests}: {@code [0x01 + 8-byte id][empty][payload]}, told
 * from replies by their 9-byte first frame). Each runs on a worker of the client's own, never on the
 * loop, and its reply goes back through the loop as {@code [0x02 + id][empty][reply]}. The inbound
 * handler is also told each time a connection is proven, so it can make itself known on it.
 *
 * <p>This class is the callers' side: it encodes a request, waits for its reply and resends or gives up.
 * The parts: {@link ClientLoop} (the loop thread and its socket), {@link ClientConnection} (one DEALER
 * connection, proven before use, replaced when not proven within its budget), {@link ClientRequests}
 * (requests waiting for replies), {@link InboundRequests} (the server's requests) and {@link
 * ClientReach} (how far the client got, for the diagnosis a failed call carries).
 */
public final class ServiceClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceClient.class);
  private static final long REFUSED_GRACE_NANOS = 1_000_000_000L;
  private static final long WAIT_SLICE_NANOS = 100_000_000L;

  /**
   * Serves requests a server sends over the client's connection. Both methods run on the client's
   * inbound workers, never on its socket loop.
   */
  public interface Inbound {
    /** The reply to one request from the server. */
    byte[] handle(byte[] payload);

    /** A connection to the server was proven (the first, or one after a reconnect). */
    default void connected() {}
  }

  private final ZContext owned;
  private final String endpoint;
  private final ClientSettings settings;
  private final ClientRequests requests;
  private final ClientReach reach = new ClientReach();
  private final ClientLoop loop;

  public ServiceClient(ZContext context, String endpoint, ClientSettings settings) {
    this(context, null, endpoint, settings, null);
  }

  /** A client that also serves the server's requests over its connection with {@code inbound}. */
  public ServiceClient(ZContext context, String endpoint, ClientSettings settings, Inbound inbound) {
    this(context, null, endpoint, settings, Objects.requireNonNull(inbound, "inbound is null"));
  }

  private ServiceClient(ZContext context, ZContext owned, String endpoint, ClientSettings settings, Inbound inbound) {
    this.owned = owned;
    this.endpoint = endpoint;
    this.settings = settings;
    this.requests = new ClientRequests(settings.serviceName(), endpoint);
    WakeupPipe wakeup = new WakeupPipe();
    InboundRequests served = inbound == null ? null : new InboundRequests(settings.serviceName(), inbound, wakeup::wake);
    // The loop's sockets are its own: a shadow context shares the ZeroMQ context but not the list of
    // sockets, so whoever closes the shared one (a daemon, a test) does not close them from its thread
    // while the loop uses them; the shared context's termination ends the loop, which closes them itself.
    this.loop = new ClientLoop(context.shadow(), endpoint, settings, requests, reach, served, wakeup);
  }

  /**
   * A client with a ZeroMQ context of its own, closed with the client: for code outside the transport
   * package that has no context to share (the log forwarder).
   */
  public static ServiceClient standalone(String endpoint, ClientSettings settings) {
    ZContext own = new ZContext(1);
    return new ServiceClient(own, own, endpoint, settings, null);
  }

  public String endpoint() {
    return endpoint;
  }

  /** How many times the connection was closed and replaced (reset, or not proven in time). */
  public long reconnects() {
    return loop.reconnects();
  }

  /**
   * Sends a request and returns the service's reply, {@link Reply.Ok} or {@link Reply.Failure}.
   *
   * @param idempotent whether the request may be resent after a timeout
   * @throws TransportException when no reply arrives after all attempts
   */
  public Reply call(Request request, boolean idempotent) throws TransportException {
    return Reply.fromWire(exchange(request.toWire(), idempotent));
  }

  /** Like {@link #call} but returns the result of a successful call and throws on a failure reply. */
  public Object invoke(Request request, boolean idempotent)
      throws TransportException, RemoteException {
    return switch (call(request, idempotent)) {
      case Reply.Ok ok -> ok.message();
      case Reply.Failure f -> throw new RemoteException(f.message(), f.traceback());
    };
  }

  /**
   * Sends any wire message (e.g. a keep-alive or an agent RPC message) and returns the decoded reply.
   */
  public Object exchange(Object message, boolean idempotent) throws TransportException {
    byte[] payload = MsgPack.encode(message);
    if (payload.length > settings.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "request of "
              + payload.length
              + " bytes exceeds the limit of "
              + settings.maxMessageBytes()
              + " bytes");
    }
    int attempts = idempotent ? settings.retries() + 1 : 1;
    boolean everSent = false;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (!loop.running()) {
        throw new TransportException("client for " + settings.serviceName() + " is closed");
      }
      ClientRequests.Pending p = requests.submit(payload, idempotent);
      loop.wake();
      try {
        byte[] reply = awaitReply(p);
        if (reply != null) {
          return MsgPack.decode(reply);
        }
        requests.abandon(p);
        everSent |= p.sentNanos != 0;
        // A request written and not answered (nor anything after it) suggests a dead connection: replace
        // it. One never written was waiting for the connection to be proven, which the loop replaces on
        // its own budget; resetting here would throw away a CURVE handshake under way (at 1,000 agents
        // connecting at once, a 30 s call timeout ended the handshakes the server had nearly reached).
        if (p.sentNanos != 0 && loop.lastReplyNanos() < p.sentNanos) {
          loop.requestReset();
        }
        log.debug(
            "no reply from {} at {} within {} (attempt {}/{})",
            settings.serviceName(),
            endpoint,
            settings.timeout(),
            attempt,
            attempts);
      } catch (ExecutionException e) {
        throw new TransportException(e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        requests.abandon(p);
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while waiting for " + settings.serviceName(), e);
      } catch (MalformedMessageException e) {
        throw new TransportException(
            "unreadable reply from " + settings.serviceName() + ": " + e.getMessage(), e);
      }
    }
    String tries =
        (attempts > 1 ? " (" + attempts + " attempts)" : "")
            + (settings.curve() != null
                ? " [CURVE: check that this client's key is accepted by the server and that the server key is right]"
                : "");
    Duration waited = settings.timeout().multipliedBy(attempts);
    if (!everSent) {
      throw new TransportException(
          "cannot connect to " + settings.serviceName() + " at " + endpoint + " within " + seconds(waited) + tries
              + "; the request was not sent",
          reach.current(),
          waited,
          false);
    }
    throw new TransportException(
        "no reply from "
            + settings.serviceName()
            + " at "
            + endpoint
            + " within "
            + seconds(waited)
            + tries
            + (idempotent ? "" : "; the request was not resent because it is not idempotent"),
        Reach.CONNECTED,
        waited,
        true);
  }

  /**
   * The reply, or null when the timeout passed. With {@link ClientSettings#failFastWhenRefused()}, a
   * request not yet sent while every connection attempt has been refused for a second fails at once.
   */
  private byte[] awaitReply(ClientRequests.Pending p) throws ExecutionException, InterruptedException, TransportException {
    long started = System.nanoTime();
    long deadline = started + settings.timeout().toNanos();
    if (!settings.failFastWhenRefused()) {
      // one timed wait: slices would wake (and throw a TimeoutException) ten times a second per call,
      // which a thousand agents' registrations in one process turned into thousands per second
      try {
        return p.future.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return null;
      }
    }
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      try {
        return p.future.get(Math.min(left, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (settings.failFastWhenRefused()
            && p.sentNanos == 0
            && reach.refusedFor(REFUSED_GRACE_NANOS)
            && requests.abandonIfWaiting(p)) {
          throw new TransportException(
              "nothing listens at " + endpoint + " (connection refused); the request was not sent",
              Reach.REFUSED,
              Duration.ofNanos(System.nanoTime() - started),
              false);
        }
      }
    }
  }

  private static String seconds(Duration waited) {
    long ms = waited.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  @Override
  public void close() {
    loop.close();
    if (owned != null) {
      owned.close();
    }
  }
}
