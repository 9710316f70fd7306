package io.mercury.common.fuzz;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The one place where the fuzz harness opens its ZeroMQ sockets, so that transport security (CURVE
 * keys) is configured here once for every fuzzed service. Every socket has linger 0 and the given
 * receive timeout, so a fuzzer never hangs on a service that stays silent.
 */
public final class FuzzSockets {
  private final ZContext context;
  private final int receiveTimeoutMs;

  public FuzzSockets(ZContext context, int receiveTimeoutMs) {
    this.context = context;
    this.receiveTimeoutMs = receiveTimeoutMs;
  }

  /** A connected socket of {@code type} with the harness's settings; the caller closes it. */
  public ZMQ.Socket connect(SocketType type, String endpoint) {
    ZMQ.Socket socket = context.createSocket(type);
    socket.setLinger(0);
    socket.setReceiveTimeOut(receiveTimeoutMs);
    socket.setSendTimeOut(receiveTimeoutMs);
    socket.connect(endpoint);
    return socket;
  }
}
