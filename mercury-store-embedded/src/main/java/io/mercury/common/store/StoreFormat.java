package io.mercury.common.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The layout of the embedded store's file: which of mongo-java-server's H2 maps hold what, the types
 * Mercury opens them with, and the marker that tells this format from the one before.
 *
 * <ul>
 *   <li>{@code databases.<db>.<collection>}: a collection's documents, position ({@link PositionType})
 *       to document ({@link DocumentType}, BSON).
 *   <li>{@code <db>.<collection>._index_<name>}: a unique index, {@link KeyValue} ({@link
 *       KeyValueType}) to position.
 *   <li>{@code meta.<db>.<collection>} and anything else: H2's default type (the collection's size, a
 *       string to a long: no Java serialization involved).
 *   <li>{@value #MARKER_MAP}: {@value #FORMAT_KEY} = {@value #FORMAT}, written into every file of this
 *       format. A file with mongo-java-server's maps and without it was written by the plain H2 backend,
 *       which Java-serialized documents and keys; {@link StoreMigration} converts it. The name starts
 *       with {@code $}, which no MongoDB database name can contain, so dropping a database never
 *       removes it.
 * </ul>
 */
final class StoreFormat {
  static final String MARKER_MAP = "$mercury.format";
  static final String FORMAT_KEY = "documents";
  static final String FORMAT = "bson-1";
  private static final String DATA_PREFIX = "databases.";
  private static final String META_PREFIX = "meta.";
  private static final String INDEX_INFIX = "._index_";

  private StoreFormat() {}

  static boolean isDataMap(String name) {
    return name.startsWith(DATA_PREFIX);
  }

  static boolean isIndexMap(String name) {
    return !isDataMap(name) && !name.startsWith(META_PREFIX) && name.contains(INDEX_INFIX);
  }

  static String dataMapName(String fullCollectionName) {
    return DATA_PREFIX + fullCollectionName;
  }

  static String indexMapName(String fullCollectionName, String indexName) {
    return fullCollectionName + INDEX_INFIX + indexName;
  }

  static MVMap<Object, Document> openDataMap(MVStore store, String name) {
    return store.openMap(name, new MVMap.Builder<Object, Document>().keyType(PositionType.INSTANCE).valueType(DocumentType.INSTANCE));
  }

  static MVMap<KeyValue, Object> openIndexMap(MVStore store, String name) {
    return store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE).valueType(PositionType.INSTANCE));
  }

  /** Whether the file holds any of mongo-java-server's maps. */
  static boolean hasCollections(MVStore store) {
    return store.getMapNames().stream().anyMatch(n -> isDataMap(n) || n.startsWith(META_PREFIX) || isIndexMap(n));
  }

  static boolean isMarked(MVStore store) {
    return store.hasMap(MARKER_MAP) && FORMAT.equals(marker(store).get(FORMAT_KEY));
  }

  /** Writes the marker (not committed). */
  static void mark(MVStore store) {
    marker(store).put(FORMAT_KEY, FORMAT);
  }

  /**
   * Marks a file opened for serving: a new or empty file gets the marker; a file of this format keeps
   * it.
   *
   * @throws IllegalStateException for a file of another format (it must be converted first)
   */
  static void requireCurrent(MVStore store) {
    if (isMarked(store)) {
      return;
    }
    if (store.hasMap(MARKER_MAP) || hasCollections(store)) {
      String found = store.hasMap(MARKER_MAP) ? FORMAT_KEY + "=" + marker(store).get(FORMAT_KEY) : "none";
      throw new IllegalStateException("the store file is not in format " + FORMAT + " (marker: " + found + ")");
    }
    mark(store);
    store.commit();
  }

  private static MVMap<String, String> marker(MVStore store) {
    return store.openMap(MARKER_MAP);
  }
}
