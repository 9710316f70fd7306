package io.mercury.common.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a store file of the plain H2 backend's format (documents and index keys Java-serialized by
 * H2's default type, no marker) to {@link StoreFormat}'s, before the store opens it.
 *
 * <p>Steps: every map is copied into {@code FILE.migrating} (collections and unique indexes re-encoded,
 * the rest as they are) and the marker written last; the old file is kept as {@code FILE.old} (a hard
 * link, or a copy where links are not possible); then {@code FILE.migrating} atomically replaces
 * {@code FILE}. At every moment {@code FILE} is either the old file or the complete new one: a crash
 * during the copy leaves the old file in place and a {@code FILE.migrating} that the next start deletes
 * and redoes. {@code FILE.old} stays until someone deletes it.
 */
final class StoreMigration {
  private static final Logger log = LoggerFactory.getLogger(StoreMigration.class);

  private StoreMigration() {}

  /**
   * Converts {@code file} when it is of the old format; does nothing for a missing file, an empty one or
   * one of the current format.
   *
   * @return whether it converted the file
   * @throws IllegalStateException when the old file cannot be read or converted; it is left as it was
   */
  static boolean convertIfOld(Path file) {
    Path partial = sibling(file, ".migrating");
    try {
      Files.deleteIfExists(partial);
      if (!Files.exists(file) || !isOld(file)) {
        return false;
      }
      long start = System.nanoTime();
      Map<String, Long> copied;
      try {
        copied = copy(file, partial);
      } catch (RuntimeException e) {
        Files.deleteIfExists(partial);
        throw new IllegalStateException("cannot convert the store file " + file + " (left as it was): " + e.getMessage(), e);
      }
      Path old = sibling(file, ".old");
      keep(file, old);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      log.info(
          "converted the store file {} from Java-serialized documents to format {} in {} ms: {}; the old file is kept as {}",
          file, StoreFormat.FORMAT, (System.nanoTime() - start) / 1_000_000, copied, old);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot convert the store file " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isOld(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    try {
      return !store.hasMap(StoreFormat.MARKER_MAP) && StoreFormat.hasCollections(store);
    } finally {
      store.close();
    }
  }

  /** Copies every map of {@code from} into a new file {@code to}; returns the entries copied per map. */
  private static Map<String, Long> copy(Path from, Path to) {
    MVStore source = new MVStore.Builder().fileName(from.toString()).readOnly().open();
    MVStore target = new MVStore.Builder().fileName(to.toString()).autoCommitDisabled().open();
    try {
      Map<String, Long> copied = new TreeMap<>();
      for (String name : source.getMapNames()) {
        MVMap<Object, Object> in = source.openMap(name);
        MVMap<Object, Object> out;
        if (StoreFormat.isDataMap(name)) {
          out = cast(StoreFormat.openDataMap(target, name));
        } else if (StoreFormat.isIndexMap(name)) {
          out = cast(StoreFormat.openIndexMap(target, name));
        } else {
          out = target.openMap(name);
        }
        long n = 0;
        for (Map.Entry<Object, Object> e : in.entrySet()) {
          out.put(e.getKey(), e.getValue());
          if (++n % 10_000 == 0) {
            target.commit();
          }
        }
        copied.put(name, n);
      }
      StoreFormat.mark(target);
      target.commit();
      return copied;
    } finally {
      target.close();
      source.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static MVMap<Object, Object> cast(MVMap<?, ?> map) {
    return (MVMap<Object, Object>) map;
  }

  private static void keep(Path file, Path old) throws IOException {
    Files.deleteIfExists(old);
    try {
      Files.createLink(old, file);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(file, old);
    }
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }
}
