package io.mercury.common.transport;

import io.mercury.common.security.CurveClient;
import java.time.Duration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ZeroMQ SUB socket subscribed to everything a {@link Publisher} sends. Not thread-safe: the thread
 * that creates it is the only one that may receive on it and close it.
 */
public final class Subscriber implements AutoCloseable {
  private final ZContext context;
  private final ZMQ.Socket socket;

  public Subscriber(ZContext context, String endpoint) {
    this(context, endpoint, null);
  }

  /** A subscriber that connects as a CURVE client when {@code curve} is not null. */
  public Subscriber(ZContext context, String endpoint, CurveClient curve) {
    this.context = context;
    this.socket = context.createSocket(SocketType.SUB);
    socket.setLinger(0);
    socket.setRcvHWM(10_000);
    if (curve != null) {
      curve.apply(socket);
    }
    socket.subscribe(new byte[0]);
    socket.connect(endpoint);
  }

  /** The next message, or null when none arrived within {@code timeout}. */
  public byte[] receive(Duration timeout) {
    socket.setReceiveTimeOut((int) Math.max(1, timeout.toMillis()));
    return socket.recv(0);
  }

  @Override
  @SuppressWarnings("deprecation") // JeroMQ 0.6 deprecates destroySocket: replacing it is a change of its own
  public void close() {
    context.destroySocket(socket);
  }
}
