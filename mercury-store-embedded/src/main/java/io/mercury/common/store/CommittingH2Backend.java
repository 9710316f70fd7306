package io.mercury.common.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 backend, committing the store after each command, before its reply is written: an
 * acknowledged write is in the file (the operating system's page cache) when the client hears of it, so
 * it survives a crash of the store process. Without this, MVStore's background commit loses the writes
 * of its last interval on {@code kill -9}. A commit with nothing to write returns at once, so reads cost
 * nothing extra.
 *
 * <p>Each command also holds the store's version it started at until it ends ({@link #holdingVersion}):
 * a scan reads the pages of that version, and MVStore may otherwise overwrite a chunk of them once it is
 * unused by newer versions and older than the retention time ({@link EmbeddedStore#RETENTION_MS}),
 * failing the scan with "Chunk N not found" when other commands commit meanwhile.
 *
 * <p>Commands run one at a time. A commit writes every change made so far, so a commit after one
 * command while another was between its document write and its index writes put that half-done command
 * in the file; after a {@code kill -9} the document and its unique index disagreed, and conditional
 * updates answered through the index matched nothing (chaos test: a task stuck in STARTED, its result
 * refused). One at a time, each commit holds whole commands only.
 *
 * <p>Its maps are of {@link StoreFormat}: documents as BSON, positions and unique-index keys in compact
 * types of their own, where the plain H2 backend Java-serializes each of them. The store must be of that
 * format ({@link StoreFormat#requireCurrent}; {@link StoreMigration} converts an old file).
 *
 * <p>Non-unique indexes are recorded (listed by {@code listIndexes}) but not built, as in
 * mongo-java-server: their queries scan the collection. The library logs a WARN each time it opens one:
 * for every such index in the file at each start, and again for each service's {@code createIndex} as
 * it starts, dozens of lines at every stack start that need no action. Here that is DEBUG, and {@link
 * EmbeddedStore#start} says it once at INFO, naming the indexes in the file ({@link #unbuiltIndexes}).
 */
final class CommittingH2Backend extends H2Backend {
  private static final Logger log = LoggerFactory.getLogger(CommittingH2Backend.class);
  private final MVStore store;
  private final ReentrantLock oneAtATime = new ReentrantLock();

  CommittingH2Backend(MVStore store) {
    super(store);
    this.store = store;
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    oneAtATime.lock();
    try {
      return holdingVersion(store, () -> super.handleCommand(channel, database, command, query));
    } finally {
      try {
        commit();
      } finally {
        oneAtATime.unlock();
      }
    }
  }

  /**
   * Opens a database whose collections and unique indexes use {@link StoreFormat}'s types. Called from
   * {@link H2Backend}'s constructor too (for the databases in the file), so it uses no field of this class.
   */
  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new FormattedDatabase(databaseName);
  }

  /**
   * The non-unique indexes recorded in the file, which the store does not build: {@code
   * db.collection(key, key)}, sorted.
   */
  List<String> unbuiltIndexes() {
    List<String> out = new ArrayList<>();
    for (String name : listDatabaseNames()) {
      if (resolveDatabase(name) instanceof FormattedDatabase db) {
        out.addAll(db.unbuiltIndexes());
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * H2's database, with each map opened with its type before {@link H2Database} opens it by name: MVStore
   * then hands it the map already open. The store is the backend's ({@link #getMvStore}); this inner
   * class reaches it while {@link H2Database}'s constructor reopens the collections in the file, which
   * works because the reference to the enclosing backend is set before the super constructor runs.
   */
  private final class FormattedDatabase extends H2Database {
    FormattedDatabase(String databaseName) {
      super(databaseName, CommittingH2Backend.this.getMvStore(), CommittingH2Backend.this.getCursorRegistry());
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
      StoreFormat.openDataMap(CommittingH2Backend.this.getMvStore(), StoreFormat.dataMapName(getFullCollectionNamespace(collectionName)));
      return super.openOrCreateCollection(collectionName, options);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      StoreFormat.openIndexMap(CommittingH2Backend.this.getMvStore(), StoreFormat.indexMapName(getFullCollectionNamespace(collectionName), indexName));
      return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    /** As the library: an index that holds nothing and answers no query; without its WARN (see above). */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      log.debug("non-unique index {} on {} is recorded, not built", indexName, getFullCollectionNamespace(collectionName));
      return new EmptyIndex<>(indexName, keys);
    }

    /** This database's non-unique indexes, from its index descriptions: {@code db.collection(keys)}. */
    List<String> unbuiltIndexes() {
      MongoCollection<Object> descriptions = indexes.get();
      List<String> out = new ArrayList<>();
      if (descriptions == null) {
        return out;
      }
      for (Document d : descriptions.queryAll()) {
        if (d.get("key") instanceof Document key && !isPrimaryKeyIndex(key) && !Boolean.TRUE.equals(d.get("unique"))) {
          out.add(d.get("ns") + "(" + String.join(", ", key.keySet()) + ")");
        }
      }
      return out;
    }
  }

  /** Runs {@code body} with the store's current version kept: no chunk it can read is reused meanwhile. */
  static <T> T holdingVersion(MVStore store, Supplier<T> body) {
    MVStore.TxCounter reading = store.registerVersionUsage();
    try {
      return body.get();
    } finally {
      store.deregisterVersionUsage(reading);
    }
  }
}
