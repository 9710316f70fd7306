package io.mercury.rpc.link;

import java.time.Duration;

/**
 * Limits of an {@link AgentLink}.
 *
 * @param maxInFlight requests sent (or connecting) at once; the rest wait in order (at least 1)
 * @param maxConnections connections kept open at once, idle or busy (at least {@code maxInFlight}); when
 *     a new one is needed at the limit, the idle connection unused for longest is closed
 * @param idleTimeout an idle connection is closed after this long unused; longer than the ping interval,
 *     so an original agent's pings reuse its connection. Zero: a connection per request, closed after it
 * @param maxSockets ZeroMQ sockets open at once in the link's context, closed ones included until the
 *     context's reaper has finished with them
 */
public record LinkSettings(int maxInFlight, int maxConnections, Duration idleTimeout, int maxSockets) {
  /** Sockets of a connection while it connects: the DEALER, its monitor, and the monitor's own pair. */
  static final int SOCKETS_WHILE_CONNECTING = 3;

  /** Default idle time: five minutes, ten ping intervals at the original's 30 s. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** Default bound on open connections: two (RPC and pong) for a thousand original agents. */
  public static final int DEFAULT_MAX_CONNECTIONS = 2048;

  private static final int SOCKET_HEADROOM = 10_000;

  public LinkSettings {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    if (maxConnections < maxInFlight) {
      throw new IllegalArgumentException(
          "maxConnections (" + maxConnections + ") must be at least maxInFlight (" + maxInFlight + ")");
    }
    if (idleTimeout == null || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
    }
    if (maxSockets < 1) {
      throw new IllegalArgumentException("maxSockets must be at least 1, got " + maxSockets);
    }
  }

  /** The defaults with {@code maxInFlight} requests in flight. */
  public static LinkSettings of(int maxInFlight) {
    return of(maxInFlight, Math.max(DEFAULT_MAX_CONNECTIONS, maxInFlight), DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * These limits, with room for every connection's DEALER, every connecting one's monitor sockets, and
   * closed sockets waiting for the reaper.
   */
  public static LinkSettings of(int maxInFlight, int maxConnections, Duration idleTimeout) {
    long sockets = (long) maxConnections + (SOCKETS_WHILE_CONNECTING - 1L) * maxInFlight + SOCKET_HEADROOM;
    return new LinkSettings(maxInFlight, maxConnections, idleTimeout, Math.toIntExact(Math.min(sockets, Integer.MAX_VALUE)));
  }

  /** The same limits with at most {@code sockets} ZeroMQ sockets. */
  public LinkSettings withMaxSockets(int sockets) {
    return new LinkSettings(maxInFlight, maxConnections, idleTimeout, sockets);
  }

  /** The same limits with connections closed after {@code idle} unused. */
  public LinkSettings withIdleTimeout(Duration idle) {
    return new LinkSettings(maxInFlight, maxConnections, idle, maxSockets);
  }
}
