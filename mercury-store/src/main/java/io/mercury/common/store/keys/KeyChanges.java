package io.mercury.common.store.keys;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * The change counter of the key allow-list: one document, {@code {_id: "keys", n}} in {@link
 * KeyStore#CHANGES_COLLECTION}, whose {@code n} grows by one after every write to the keys that goes
 * through a {@link KeyStore} (any daemon's). A reader compares two readings to know whether it must
 * re-read the keys.
 *
 * <p>Threading: thread-safe; each call is one atomic store operation and the class holds no state.
 */
final class KeyChanges {
  private static final String ID = "keys";

  private final MongoCollection<Document> changes;

  KeyChanges(MongoDatabase db) {
    this.changes = db.getCollection(KeyStore.CHANGES_COLLECTION);
  }

  /** The counter as stored now, or 0 before the first counted write. */
  long current() {
    Document doc = changes.find(Filters.eq("_id", ID)).first();
    return doc != null && doc.get("n") instanceof Number n ? n.longValue() : 0;
  }

  /** Counts one write to the keys (an upsert: the first write creates the document). */
  void bump() {
    changes.updateOne(Filters.eq("_id", ID), Updates.inc("n", 1L), new UpdateOptions().upsert(true));
  }
}
