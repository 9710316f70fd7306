package io.mercury.rpc.link;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of an {@link AgentLink} that could not get a socket (the process out of file
 * descriptors, or the context out of socket slots): they wait, ahead of newer requests, until a socket
 * can be opened or their timeout. Owned by the link's loop thread.
 */
final class SocketShortage {
  private static final Logger log = LoggerFactory.getLogger(SocketShortage.class);

  private final Deque<LinkCall> waiting = new ArrayDeque<>();
  private final LinkConnections connections;
  private final LinkCounters counters;
  private boolean reported;

  SocketShortage(LinkConnections connections, LinkCounters counters) {
    this.connections = connections;
    this.counters = counters;
  }

  /**
   * Whether {@code call}, which could not get a socket because of {@code e}, waits for one (it is then
   * counted as queued, and an idle connection is closed to make room); false when {@code e} is not a
   * local shortage or the call's timeout has passed, and the call must fail.
   */
  boolean waits(LinkCall call, RuntimeException e, long now) {
    if (!LinkFailures.isLocalShortage(e) || now - call.deadline >= 0) {
      return false;
    }
    connections.makeRoom();
    if (!reported) {
      reported = true;
      log.warn("no socket can be opened ({}); requests wait for one until their timeout", LinkFailures.reason(e));
    }
    counters.queued.incrementAndGet();
    return true;
  }

  /** Queues a waiting call ahead of the others (it was next when it found no socket). */
  void waitFirst(LinkCall call) {
    waiting.addFirst(call);
  }

  /** Queues a waiting call behind the others. */
  void waitLast(LinkCall call) {
    waiting.addLast(call);
  }

  /** The next waiting call, or null. */
  LinkCall poll() {
    return waiting.poll();
  }

  /** A socket was opened: the next shortage is reported again. */
  void over() {
    reported = false;
  }
}
