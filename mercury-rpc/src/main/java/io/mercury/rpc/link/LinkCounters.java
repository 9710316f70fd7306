package io.mercury.rpc.link;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link AgentLink}'s counters and load: written by its loop thread (and {@code requests} and {@code
 * queued} by callers), read by {@link AgentLink#stats()} from any thread.
 */
final class LinkCounters {
  final AtomicLong requests = new AtomicLong();
  final AtomicLong replies = new AtomicLong();
  final AtomicLong timeouts = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  final AtomicLong reconnects = new AtomicLong();
  final AtomicLong refusals = new AtomicLong();
  final AtomicLong opened = new AtomicLong();
  final AtomicLong reused = new AtomicLong();
  final AtomicInteger queued = new AtomicInteger();
  final AtomicInteger inFlightCount = new AtomicInteger();
  final AtomicInteger idleCount = new AtomicInteger();

  /** The counters now, with what {@code gauges} says is open. */
  LinkStats snapshot(LinkGauges gauges) {
    return new LinkStats(
        requests.get(),
        replies.get(),
        timeouts.get(),
        failures.get(),
        refusals.get(),
        reconnects.get(),
        inFlightCount.get(),
        queued.get(),
        gauges.sockets.get(),
        opened.get(),
        reused.get(),
        gauges.connections.get(),
        idleCount.get());
  }
}
