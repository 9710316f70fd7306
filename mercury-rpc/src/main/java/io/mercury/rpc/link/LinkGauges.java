package io.mercury.rpc.link;

import java.util.concurrent.atomic.AtomicInteger;

/** What a link holds open now: written by its loop thread, read by {@link AgentLink#stats()}. */
final class LinkGauges {
  final AtomicInteger sockets = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();
}
