package io.mercury.rpc.testing;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Every write a MongoDB client sends (insert, update, findAndModify, delete), one entry per statement,
 * with the filter it names; and the rule by which mongo-java-server (the embedded store) answers a
 * filter from an index rather than a scan of the collection.
 */
public final class StoreWrites implements CommandListener {
  /** One write statement: {@code kind} is the command's name, {@code filter} null for an insert. */
  public record Write(String collection, String kind, BsonDocument filter) {}

  private final List<Write> writes = new ArrayList<>();

  /** A client of the server at {@code connectionString} whose every command this records. */
  public MongoClient client(String connectionString) {
    return MongoClients.create(
        MongoClientSettings.builder().applyConnectionString(new ConnectionString(connectionString)).addCommandListener(this).build());
  }

  @Override
  public synchronized void commandStarted(CommandStartedEvent event) {
    BsonDocument c = event.getCommand();
    String kind = event.getCommandName();
    switch (kind) {
      case "insert" -> {
        // One insert command per insertMany: the documents travel as a separate payload.
        writes.add(new Write(c.getString("insert").getValue(), kind, null));
      }
      case "update" -> statements(c, kind, "updates");
      case "delete" -> statements(c, kind, "deletes");
      case "findAndModify" -> writes.add(new Write(c.getString("findAndModify").getValue(), kind, copy(c.getDocument("query"))));
      default -> {}
    }
  }

  private void statements(BsonDocument c, String kind, String field) {
    String collection = c.getString(kind).getValue();
    if (c.containsKey(field)) {
      for (BsonValue s : c.getArray(field)) {
        writes.add(new Write(collection, kind, copy(s.asDocument().getDocument("q"))));
      }
    } else {
      // The statements of a bulk travel as a payload the listener sees as an array field too; an
      // empty one still counts as one write of unknown filter.
      writes.add(new Write(collection, kind, new BsonDocument()));
    }
  }

  /** The event's document is only valid during the event. */
  private static BsonDocument copy(BsonDocument d) {
    return BsonDocument.parse(d.toJson());
  }

  public synchronized List<Write> all() {
    return List.copyOf(writes);
  }

  public synchronized List<Write> to(String collection) {
    return writes.stream().filter(w -> w.collection().equals(collection)).toList();
  }

  public synchronized void clear() {
    writes.clear();
  }

  /**
   * Whether mongo-java-server answers {@code filter} from one of {@code collection}'s unique indexes
   * ({@code _id} included): the filter names exactly that index's keys, with plain values, or
   * {@code $in} on a single-key index. Non-unique indexes are never used by it.
   */
  public static boolean indexAnswers(BsonDocument filter, MongoCollection<Document> collection) {
    for (Set<String> keys : uniqueIndexKeys(collection)) {
      if (!filter.keySet().equals(keys)) {
        continue;
      }
      boolean plain = true;
      for (BsonValue v : filter.values()) {
        if (v.isDocument() && !(keys.size() == 1 && v.asDocument().keySet().equals(Set.of("$in")))) {
          plain = false;
        }
      }
      if (plain) {
        return true;
      }
    }
    return false;
  }

  private static List<Set<String>> uniqueIndexKeys(MongoCollection<Document> collection) {
    List<Set<String>> unique = new ArrayList<>();
    for (Document index : collection.listIndexes()) {
      if (index.getString("name").equals("_id_") || Boolean.TRUE.equals(index.get("unique"))) {
        unique.add(new HashSet<>(index.get("key", Document.class).keySet()));
      }
    }
    return unique;
  }
}
