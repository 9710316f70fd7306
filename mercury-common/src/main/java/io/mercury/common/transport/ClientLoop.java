package io.mercury.common.transport;

import io.mercury.common.time.Backoff;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * The socket loop of a {@link ServiceClient}: it owns the client's {@link ClientConnection}, writes the
 * queued {@link ClientRequests} once the connection is proven, matches replies to them, hands the
 * server's own requests to {@link InboundRequests} and writes their replies, and replaces the connection
 * when it is reset or not proven in time.
 *
 * <p>Threading: one platform thread, {@code <service>-client}, owns every socket it opens; other threads
 * only queue work, {@link #wake} it, {@link #requestReset} and read its counters. It runs no application
 * code. When it ends (closed, or its context terminated) every request still waiting fails.
 */
final class ClientLoop {
  private static final Logger log = LoggerFactory.getLogger(ServiceClient.class);
  /** The pause before opening a connection again after opening one failed (out of sockets or descriptors). */
  private static final Duration OPEN_FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration OPEN_MAX_PAUSE = Duration.ofSeconds(5);

  private final ZContext context;
  private final String endpoint;
  private final ClientSettings settings;
  private final ClientRequests requests;
  private final ClientReach reach;
  private final InboundRequests inbound;
  private final WakeupPipe wakeup;
  private final Thread thread;
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean resetRequested;
  private volatile long lastReplyNanos = Long.MIN_VALUE;

  /**
   * Starts the loop thread.
   *
   * @param context a context of the loop's own (a shadow), so its sockets are closed by this thread only
   * @param inbound serves the server's requests, or null for a client that serves none
   */
  ClientLoop(
      ZContext context,
      String endpoint,
      ClientSettings settings,
      ClientRequests requests,
      ClientReach reach,
      InboundRequests inbound,
      WakeupPipe wakeup) {
    this.context = context;
    this.endpoint = endpoint;
    this.settings = settings;
    this.requests = requests;
    this.reach = reach;
    this.inbound = inbound;
    this.wakeup = wakeup;
    this.thread = Thread.ofPlatform().name(settings.serviceName() + "-client").daemon().unstarted(this::run);
    thread.start();
  }

  /** Any thread: whether the loop still runs (false once closed, or once its context terminated). */
  boolean running() {
    return running;
  }

  /** Any thread: wakes the loop to write what was queued. */
  void wake() {
    wakeup.wake();
  }

  /** Any thread: the connection is presumed dead; the loop replaces it on its next turn. */
  void requestReset() {
    resetRequested = true;
    wakeup.wake();
  }

  /** When the last message of any kind came from the server, or {@link Long#MIN_VALUE}. */
  long lastReplyNanos() {
    return lastReplyNanos;
  }

  /** How many times the connection was closed and replaced. */
  long reconnects() {
    return reconnects.get();
  }

  private void run() {
    ClientConnection connection = null;
    try (ZMQ.Poller poller = context.createPoller(3)) {
      connection = open(ClientConnection.initialBudgetMs(settings));
      if (connection == null) {
        return;
      }
      int wakeIndex = poller.register(wakeup.channel(), ZMQ.Poller.POLLIN);
      connection.register(poller);
      while (running) {
        if (poller.poll(connection.pollTimeoutMs()) < 0) {
          log.debug("{} client: the ZeroMQ context is closing; the loop ends", settings.serviceName());
          break;
        }
        if (poller.pollin(wakeIndex)) {
          wakeup.drain();
        }
        // events first: a greeting that came back before the deadline but is still in the monitor queue
        // (the loop thread was late) means a handshake under way, not a stalled connection
        connection.readEvents(poller);
        boolean stalled = connection.overdue(!requests.isEmpty());
        if (resetRequested || stalled) {
          if (stalled) {
            log.debug(
                "{}: connection to {} not proven within {} ms ({}); reconnecting",
                settings.serviceName(),
                endpoint,
                connection.budgetMs,
                connection.state());
          }
          long budget = stalled ? connection.nextBudgetMs() : ClientConnection.initialBudgetMs(settings);
          resetRequested = false;
          reconnects.incrementAndGet();
          connection.unregister(poller);
          ClientConnection old = connection;
          connection = null; // closed once, even when the next one cannot be opened
          old.close();
          connection = open(budget);
          if (connection == null) {
            break;
          }
          connection.register(poller);
          requests.requeueAfterReset();
        }
        if (connection.readable(poller)) {
          readReplies(connection);
        }
        if (connection.ready()) {
          requests.writeQueued(connection.socket);
          if (inbound != null) {
            inbound.writeReplies(connection.socket);
          }
        }
      }
    } catch (ZMQException e) {
      if (e.getErrorCode() != ZMQ.Error.ETERM.getCode()) {
        log.error("{} client loop failed", settings.serviceName(), e);
      }
    } catch (ZError.IOException | ZError.CtxTerminatedException e) {
      // JeroMQ's poll on a socket whose context was closed under it, or a reconnect while it closes
      log.debug("{} client loop ended: {}", settings.serviceName(), e.getMessage());
    } finally {
      running = false;
      if (connection != null) {
        connection.close();
      }
      wakeup.close();
      requests.failAll(new TransportException("client for " + settings.serviceName() + " was closed"));
    }
  }

  /**
   * A new connection, or null once the client is closed. Opening one fails when the process or the
   * context is out of sockets or file descriptors (a reconnect storm leaves replaced sockets waiting for
   * JeroMQ's reaper); that is retried with a jittered {@link Backoff} (100 ms doubling up to 5 s) rather
   * than ending the client for good, since an agent whose client ended would never reach its backend
   * again. A terminating context ends the loop.
   */
  private ClientConnection open(long budgetMs) {
    Backoff backoff = new Backoff(OPEN_FIRST_PAUSE, OPEN_MAX_PAUSE);
    while (running) {
      String failure;
      try {
        return new ClientConnection(context, endpoint, settings, reach, budgetMs);
      } catch (ZMQException e) {
        if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
          throw e;
        }
        failure = e.getMessage();
      } catch (ZError.IOException | IllegalStateException e) {
        if (context.isClosed()) {
          throw e;
        }
        failure = e.getMessage();
      }
      long pauseMs = backoff.next().toMillis();
      log.warn("{}: cannot open a connection to {} ({}); trying again in {} ms", settings.serviceName(), endpoint, failure, pauseMs);
      // in steps, so close() (which waits 2 s for the loop) is seen at once
      for (long slept = 0; slept < pauseMs && running; slept += 50) {
        try {
          Thread.sleep(Math.min(50, pauseMs - slept));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
    return null;
  }

  /**
   * Reads what the server sent: a request of its own ({@code [9 bytes][empty][payload]}), the probe's
   * answer (id 0), or the reply to a request.
   */
  private void readReplies(ClientConnection connection) {
    List<byte[]> frames;
    while ((frames = Frames.receive(connection.socket)) != null) {
      lastReplyNanos = System.nanoTime();
      byte[] first = frames.get(0);
      if (frames.size() == 3 && first.length == PeerRequests.CORRELATION_BYTES && frames.get(1).length == 0) {
        fromServer(first, frames.get(2));
        continue;
      }
      if (frames.size() != 3 || first.length != Long.BYTES) {
        log.warn("{}: ignoring a reply with unexpected framing", settings.serviceName());
        continue;
      }
      long id = ByteBuffer.wrap(first).getLong();
      if (id == ClientConnection.PROBE_ID) {
        reach.proven();
        if (!connection.ready() && inbound != null) {
          inbound.connected();
        }
        connection.proven();
        continue;
      }
      requests.complete(id, frames.get(2));
    }
  }

  /** A request from the server (handed to a worker), or the server's answer to a reply it did not expect. */
  private void fromServer(byte[] correlation, byte[] payload) {
    if (correlation[0] != PeerRequests.REQUEST || inbound == null) {
      log.debug("{}: ignoring a message from the server that answers no request", settings.serviceName());
      return;
    }
    inbound.serve(correlation, payload);
  }

  /**
   * Any thread: stops the loop and the inbound workers, and waits up to 2 s for the loop to close its
   * sockets and fail the requests still waiting.
   */
  void close() {
    running = false;
    if (inbound != null) {
      inbound.close();
    }
    wakeup.wake();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
