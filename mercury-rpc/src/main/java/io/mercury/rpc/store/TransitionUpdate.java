package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.codec.MsgPack;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The task update that applies a chain of transitions of one task at once: the fields each sets, each
 * state's times, the history entries, and the batch's marker ({@link TransitionWriter#TRANSITION_MARKER}).
 * Pure: builds the document, writes nothing.
 */
final class TransitionUpdate {
  private TransitionUpdate() {}

  /** One task's transitions of a batch, in order, as the single update that applies them all. */
  static Bson of(List<TransitionWriter.Transition> chain, String marker) {
    Document set = new Document();
    List<Document> history = new ArrayList<>();
    for (TransitionWriter.Transition t : chain) {
      double now = MsgPack.epochSeconds(t.instant());
      set.putAll(t.fields());
      set.put(TIME_UPDATED, now);
      if (t.to() == null) {
        continue;
      }
      set.put(STATUS, t.to().name());
      switch (t.to()) {
        case DISPATCHED -> set.put(TIME_DISPATCHED, now);
        case STARTED -> {
          if (!t.fields().containsKey(TIME_STARTED)) {
            set.put(TIME_STARTED, now);
          }
        }
        default -> {}
      }
      if (t.to().isTerminal()) {
        set.put(TIME_COMPLETED, now);
        set.put(TTL_TIME_COMPLETED, Date.from(t.instant()));
        if (t.reason() != null) {
          set.put(REASON, t.reason());
        }
      }
      Document entry = new Document(STATUS, t.to().name()).append("time", now);
      if (t.reason() != null) {
        entry.append(REASON, t.reason());
      }
      history.add(entry);
    }
    set.put(TransitionWriter.TRANSITION_MARKER, marker);
    Document update = new Document("$set", set);
    return history.isEmpty() ? update : update.append("$push", new Document(HISTORY, new Document("$each", history)));
  }
}
