package io.mercury.common.transport;

import io.mercury.common.security.Caller;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sent a message to a CURVE {@link RouterServer}: the ZAP handler authorised the connection, and
 * each message is checked again here, by the key its connection authenticated with, against the live
 * allow-list. A message whose key is no longer accepted is answered with {@link RouterServer#KEY_REVOKED};
 * one on a connection without a ZAP user id (no ZAP handler ran) is dropped. Both are counted as denied
 * and logged at most once every ten seconds.
 *
 * <p>Threading: the server's loop thread only.
 */
final class CurveCallers {
  private static final Logger log = LoggerFactory.getLogger(RouterServer.class);
  private static final long DENIAL_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ServerSettings settings;
  private final ServerCounters counters;
  private final ReplyQueue replies;
  private long lastDenialLogNanos;

  CurveCallers(ServerSettings settings, ServerCounters counters, ReplyQueue replies) {
    this.settings = settings;
    this.counters = counters;
    this.replies = replies;
  }

  /** The caller of an accepted message, or null when it was refused (and answered, if it can be). */
  Caller identify(Frames.Received message) {
    List<byte[]> frames = message.frames();
    if (message.userId() == null) {
      counters.denied.incrementAndGet();
      logDenial("dropped a message from a connection with no CURVE user id (was a ZAP handler running?)");
      return null;
    }
    Optional<Caller> caller = settings.curve().allowList().caller(message.userId());
    if (caller.isEmpty()) {
      counters.denied.incrementAndGet();
      logDenial("refused a message from CURVE key " + message.userId() + ": the key is no longer accepted");
      if (frames.size() > 1) {
        replies.add(List.copyOf(frames.subList(0, frames.size() - 1)), ReplyQueue.error(RouterServer.KEY_REVOKED));
      }
      return null;
    }
    return caller.get();
  }

  private void logDenial(String what) {
    long now = System.nanoTime();
    if (lastDenialLogNanos == 0 || now - lastDenialLogNanos > DENIAL_LOG_EVERY_NANOS) {
      lastDenialLogNanos = now;
      log.warn("{}: {} ({} denied so far)", settings.name(), what, counters.denied.get());
    }
  }
}
