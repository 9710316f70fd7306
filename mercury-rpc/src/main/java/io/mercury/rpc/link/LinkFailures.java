package io.mercury.rpc.link;

import io.mercury.common.transport.Reach;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/** What a failed {@link AgentLink} request says about its agent, for callers that retry. */
public final class LinkFailures {
  private LinkFailures() {}

  /**
   * Whether a request failed because this process could not open a socket for it (out of file
   * descriptors or socket slots): it never reached the peer, so it says nothing about the peer.
   */
  public static boolean isLocalShortage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ZError.IOException || (t instanceof ZMQException z && z.getErrorCode() == ZError.EMFILE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a request failed because the TCP connection to the agent was refused (or its host was
   * unreachable) before anything was sent: no agent listens at its address now. Such a request ends at
   * once, without waiting for its timeout, so a dead fleet does not hold the in-flight slots; a caller
   * that retries decides how long to wait first.
   */
  public static boolean isRefused(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransportException e && e.reach() == Reach.REFUSED) {
        return true;
      }
    }
    return false;
  }

  /** {@code call}'s connection was refused before anything was sent. */
  static TransportException refused(LinkCall call, long now) {
    return new TransportException(
        "cannot connect to " + call.address() + ": connection refused or host unreachable (no agent listens there)",
        Reach.REFUSED,
        Duration.ofNanos(now - (call.deadline - call.timeout.toNanos())),
        false);
  }

  /** {@code call} got no reply within its timeout. */
  static TransportException noReply(LinkCall call) {
    long ms = call.timeout.toMillis();
    String timeout = ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    String detail = call.sent ? "" : " (no connection; the request was not sent)";
    return new TransportException("no reply from " + call.address() + " within " + timeout + detail);
  }

  /** No socket could be opened or connected for {@code call}. */
  static TransportException cannotConnect(LinkCall call, RuntimeException e) {
    return new TransportException("cannot connect to " + call.address() + ": " + reason(e), e);
  }

  /** The reason a socket could not be opened or connected, for a request's failure message. */
  static String reason(RuntimeException e) {
    if (e instanceof ZMQException z) {
      return ZMQ.Error.findByCode(z.getErrorCode()).getMessage();
    }
    return e.getCause() != null ? String.valueOf(e.getCause().getMessage()) : String.valueOf(e.getMessage());
  }

  /** The message of the innermost cause of {@code failure}: what went wrong, without the wrappers. */
  public static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }
}
