package io.mercury.common.store;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-wire store: mongo-java-server with its H2 MVStore file backend, for a machine
 * with no MongoDB. Durability: every command is committed to the file before its reply (see {@link
 * CommittingH2Backend}), so acknowledged writes survive a {@code kill -9} of the store; nothing is
 * fsynced, so a power loss can lose the last writes (see docs/storage.md). MVStore's background commit
 * is off: it could write a command's changes half done (a document without its index entries), which a
 * {@code kill -9} then leaves in the file. The file is compacted on a clean close.
 *
 * <p>Format: documents as BSON and index keys in a compact encoding ({@link StoreFormat}); a file written
 * by an earlier Mercury (Java-serialized documents) is converted on open, the old file kept beside it as
 * {@code FILE.old} ({@link StoreMigration}).
 */
public final class EmbeddedStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);
  static final int RETENTION_MS = 1000;

  private final Path file;
  private final MVStore store;
  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedStore(Path file, MVStore store, MongoServer server, InetSocketAddress address) {
    this.file = file;
    this.store = store;
    this.server = server;
    this.address = address;
  }

  /**
   * Opens (or creates) the data file and serves it.
   *
   * @param port 0 for an ephemeral port
   * @throws IllegalStateException when the file is locked by another process or cannot be opened
   */
  public static EmbeddedStore start(Path dataFile, String host, int port) {
    try {
      Path parent = dataFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + dataFile, e);
    }
    MVStore store;
    try {
      StoreMigration.convertIfOld(dataFile);
      store = new MVStore.Builder().fileName(dataFile.toString()).open();
    } catch (MVStoreException | UncheckedIOException e) {
      throw new IllegalStateException(
          "cannot open the store file "
              + dataFile
              + (String.valueOf(e.getMessage()).contains("locked") ? ": it is in use by another process" : ": " + e.getMessage()),
          e);
    }
    ownerOnly(dataFile);
    store.setAutoCommitDelay(0);
    // Freed chunks may be reused after 1 s instead of 45 s: with a commit per write the file otherwise
    // grows by the whole write volume of the last 45 s (570 MB for 10,000 device inserts).
    store.setRetentionTime(RETENTION_MS);
    try {
      StoreFormat.requireCurrent(store);
    } catch (IllegalStateException e) {
      store.close();
      throw new IllegalStateException("cannot open the store file " + dataFile + ": " + e.getMessage(), e);
    }
    CommittingH2Backend backend = new CommittingH2Backend(store);
    String indexes = unbuiltIndexesLine(backend.unbuiltIndexes());
    MongoServer server = new MongoServer(backend);
    try {
      server.bind(host, port);
    } catch (RuntimeException e) {
      server.shutdownNow();
      store.close();
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    InetSocketAddress address = server.getLocalAddress();
    log.info("embedded store serving {} on {}:{}", dataFile, host, address.getPort());
    log.info(indexes);
    return new EmbeddedStore(dataFile, store, server, address);
  }

  /**
   * What an operator should know about indexes here, in one line: only {@code _id} and unique indexes are
   * built, and which of the file's are not (their queries scan the collection).
   */
  static String unbuiltIndexesLine(List<String> unbuilt) {
    String rule =
        "the embedded store builds _id and unique indexes only; non-unique ones are recorded, not built,"
            + " and queries on their fields scan the collection (docs/storage.md)";
    return unbuilt.isEmpty()
        ? rule
        : rule + "; in this file " + unbuilt.size() + " are not built: " + String.join(", ", unbuilt);
  }

  public int port() {
    return address.getPort();
  }

  public String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/";
  }

  /** Stops serving, writes everything to the file, closes it and compacts it. */
  @Override
  public void close() {
    server.shutdownNow();
    store.close();
    long before = size();
    try {
      MVStoreTool.compact(file.toString(), false);
      ownerOnly(file); // compacting writes a new file and renames it over the old one
      log.info("embedded store closed; {} compacted from {} to {} bytes", file, before, size());
    } catch (RuntimeException e) {
      log.warn("embedded store closed; compacting {} failed: {}", file, e.getMessage());
    }
  }

  /**
   * Makes the data file readable and writable by its owner only (0600): it holds the audit trail, the
   * key records and everything else, and MVStore creates (and compaction rewrites) it with the umask's
   * mode, commonly 0644.
   */
  static void ownerOnly(Path file) {
    try {
      if (Files.exists(file) && Files.getFileStore(file).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("cannot make {} readable by its owner only: {}", file, e.getMessage());
    }
  }

  /** The current size of the data file in bytes (-1 when unknown). */
  public long fileBytes() {
    return size();
  }

  private long size() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
