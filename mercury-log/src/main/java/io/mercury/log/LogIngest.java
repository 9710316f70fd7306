package io.mercury.log;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.log.InvalidLogMessageException;
import io.mercury.common.protocol.log.LogBatchReply;
import io.mercury.common.protocol.log.LogWire;
import io.mercury.common.security.Caller;
import io.mercury.common.transport.Publisher;
import io.mercury.log.record.InvalidEventException;
import io.mercury.log.record.OriginalRecord;
import io.mercury.log.record.SenderIdentity;
import io.mercury.log.record.StructuredEvent;
import io.mercury.log.store.LogStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Stores incoming events and publishes each stored one to the followers. A batch is checked event by
 * event: the valid ones are stored, each invalid one is reported by index with its reason, and nothing
 * else is affected. Every record is stored as sent by {@code caller}, the authenticated sender ({@link
 * SenderIdentity}: with CURVE on, a record that claims another service or device is stored under its
 * sender's and marked).
 */
final class LogIngest {
  private final LogStore store;
  private final Publisher followers;
  private final InstantSource clock;
  private final int maxBatch;

  LogIngest(LogStore store, Publisher followers, InstantSource clock, int maxBatch) {
    this.store = store;
    this.followers = followers;
    this.clock = clock;
    this.maxBatch = maxBatch;
  }

  /** Stores one original log record sent by {@code caller}; the reply message is {@code ok}. */
  String original(Map<?, ?> record, Caller caller) throws InvalidEventException {
    publish(store.insert(List.of(OriginalRecord.toDocument(record, clock.instant(), SenderIdentity.of(caller)))));
    return "ok";
  }

  /** Stores a batch of structured events (wire maps) sent by {@code caller}; each invalid one is rejected by index. */
  LogBatchReply batch(List<Object> events, Caller caller) throws InvalidEventException {
    if (events.size() > maxBatch) {
      throw new InvalidEventException(
          "batch of " + events.size() + " events exceeds log_service.max_batch (" + maxBatch + "); nothing was stored");
    }
    SenderIdentity sender = SenderIdentity.of(caller);
    List<Document> docs = new ArrayList<>(events.size());
    List<LogBatchReply.Rejection> rejected = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      try {
        docs.add(StructuredEvent.toDocument(LogWire.event(events.get(i)), clock.instant(), sender));
      } catch (InvalidLogMessageException e) {
        rejected.add(new LogBatchReply.Rejection(i, e.getMessage()));
      }
    }
    publish(store.insert(docs));
    return new LogBatchReply(docs.size(), rejected);
  }

  private void publish(List<Document> stored) {
    for (Document d : stored) {
      Document copy = new Document(d);
      copy.remove("_id");
      followers.publish(MsgPack.encode(copy));
    }
  }
}
