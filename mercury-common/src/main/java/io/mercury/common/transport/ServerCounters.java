package io.mercury.common.transport;

import java.util.concurrent.atomic.AtomicLong;

/** The counters behind a {@link RouterServer}'s {@link ServerStats}; any thread counts and reads them. */
final class ServerCounters {
  final AtomicLong received = new AtomicLong();
  final AtomicLong replied = new AtomicLong();
  final AtomicLong malformedFrames = new AtomicLong();
  final AtomicLong oversize = new AtomicLong();
  final AtomicLong busy = new AtomicLong();
  final AtomicLong handlerFailures = new AtomicLong();
  final AtomicLong denied = new AtomicLong();

  ServerStats snapshot() {
    return new ServerStats(
        received.get(),
        replied.get(),
        malformedFrames.get(),
        oversize.get(),
        busy.get(),
        handlerFailures.get(),
        denied.get());
  }
}
