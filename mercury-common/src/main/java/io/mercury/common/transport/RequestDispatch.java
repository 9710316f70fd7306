package io.mercury.common.transport;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.security.Caller;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each message a {@link RouterServer} accepted and gets it answered: too few frames, too large a
 * payload and a full work queue get a transport error reply at once, the original's keep-alive is
 * confirmed at once, and every other payload goes to the {@link MessageHandler} on a fixed pool of
 * workers (or, when the handler says it answers at once, on the loop itself). A handler that throws or
 * returns nothing yields a generic error reply. Every request gets exactly one reply, with its envelope.
 *
 * <p>Threading: the loop thread calls {@link #accept}; the handler runs on the workers ({@code
 * <name>-worker-N}), which queue their replies on the {@link ReplyQueue} and never touch the socket.
 * {@link #drain} is called once, by whoever closes the server.
 */
final class RequestDispatch {
  private static final Logger log = LoggerFactory.getLogger(RouterServer.class);
  // The keep-alive as the original and Mercury encode it; answered by the loop itself, so liveness
  // probes never wait behind busy workers. Other encodings of it still reach the dispatcher.
  private static final byte[] KEEP_ALIVE = MsgPack.encode(KeepAlive.REQUEST);
  private static final byte[] KEEP_ALIVE_CONFIRMED = MsgPack.encode(KeepAlive.CONFIRMATION);

  private final ServerSettings settings;
  private final MessageHandler handler;
  private final ServerCounters counters;
  private final ReplyQueue replies;
  private final ThreadPoolExecutor workers;

  RequestDispatch(ServerSettings settings, MessageHandler handler, ServerCounters counters, ReplyQueue replies) {
    this.settings = settings;
    this.handler = handler;
    this.counters = counters;
    this.replies = replies;
    this.workers =
        new ThreadPoolExecutor(
            settings.workers(),
            settings.workers(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.queueCapacity()),
            Thread.ofPlatform().name(settings.name() + "-worker-", 1).daemon().factory());
  }

  /** Loop thread: answers or hands over one message from {@code caller}. */
  void accept(List<byte[]> frames, Caller caller) {
    List<byte[]> envelope = frames.subList(0, frames.size() - 1);
    byte[] payload = frames.get(frames.size() - 1);
    if (frames.size() < 3) {
      counters.malformedFrames.incrementAndGet();
      // A ROUTER always sees the sender's identity, so a reply can still be routed back.
      replies.add(
          frames.size() == 1 ? frames : envelope,
          ReplyQueue.error(
              "Client error, message has "
                  + frames.size()
                  + " frame(s); expected identity, empty delimiter and payload"));
      return;
    }
    if (payload.length > settings.maxMessageBytes()) {
      counters.oversize.incrementAndGet();
      replies.add(
          envelope,
          ReplyQueue.error(
              "Client error, message of "
                  + payload.length
                  + " bytes exceeds the limit of "
                  + settings.maxMessageBytes()
                  + " bytes"));
      return;
    }
    List<byte[]> replyEnvelope = List.copyOf(envelope);
    if (Arrays.equals(payload, KEEP_ALIVE)) {
      replies.add(replyEnvelope, KEEP_ALIVE_CONFIRMED);
      return;
    }
    Peer peer = direct(frames);
    if (handler.answersOnSocketThread(payload, caller)) {
      replies.add(replyEnvelope, handleGuarded(payload, caller, peer)); // written at the end of this turn
      return;
    }
    try {
      workers.execute(() -> replies.add(replyEnvelope, handleGuarded(payload, caller, peer)));
    } catch (RejectedExecutionException e) {
      counters.busy.incrementAndGet();
      replies.add(replyEnvelope, ReplyQueue.error("Server busy, try again later"));
    }
  }

  /** The sending connection, when the message came straight from a client's DEALER. */
  private static Peer direct(List<byte[]> frames) {
    return frames.size() == 4 && frames.get(1).length == Long.BYTES && frames.get(2).length == 0
        ? new Peer(frames.get(0))
        : null;
  }

  private byte[] handleGuarded(byte[] payload, Caller caller, Peer peer) {
    try {
      byte[] reply = handler.handle(payload, caller, peer);
      if (reply != null) {
        return reply;
      }
      counters.handlerFailures.incrementAndGet();
      log.error("{} handler returned no reply", settings.name());
    } catch (RuntimeException | Error e) {
      counters.handlerFailures.incrementAndGet();
      log.error("{} handler failed", settings.name(), e);
    }
    return ReplyQueue.error("Encountered server error, sorry");
  }

  /**
   * Takes no more work and lets the running requests finish (their replies are queued) for up to {@code
   * waitMs}; then interrupts what still runs.
   */
  void drain(long waitMs) {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
        log.warn("{}: requests still running after {} ms; closing anyway", settings.name(), waitMs);
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
  }
}
