package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 15: the store printed a WARN for every non-unique index at every start (mongo-java-server's
 * "adding secondary index ... is not yet implemented. ignoring"), once for each index in the file and
 * again for each service's {@code createIndex}: dozens of lines needing no action, in which a real
 * warning would be missed. Starting the store and creating the services' kinds of indexes now logs no
 * WARN, and one INFO line says which indexes are not built.
 */
class StoreStartWarnsNothingTest {
  /** The loggers of the store process: ours and its libraries'. */
  private static final List<String> STORE_LOGGERS =
      List.of("io.mercury.common.store", "de.bwaldvogel", "org.h2", "io.netty", "org.mongodb");

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  private Logger root() {
    return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  }

  @BeforeEach
  void capture() {
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void release() {
    root().detachAppender(logs);
  }

  /**
   * Starts the store on the file, creates the indexes the services create and stops it; returns the
   * store's events of the start and the index creation at {@code level} or above (not those of the stop).
   */
  private List<ILoggingEvent> startAndCreateIndexes(Level level) {
    synchronized (logs) {
      logs.list.clear();
    }
    try (EmbeddedStore store = EmbeddedStore.start(dir.resolve("mercury.mv.db"), "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      MongoCollection<Document> devices = client.getDatabase("mercury").getCollection("inventory");
      devices.createIndex(Indexes.ascending("mercury_id"), new IndexOptions().unique(true));
      devices.createIndex(Indexes.ascending("boot.state"));
      MongoCollection<Document> logsCollection = client.getDatabase("mercury").getCollection("logs");
      logsCollection.createIndex(Indexes.descending("seq"));
      logsCollection.createIndex(Indexes.compoundIndex(Indexes.ascending("job_id"), Indexes.ascending("time")));
      logsCollection.createIndex(Indexes.ascending("time"), new IndexOptions().expireAfter(7L, TimeUnit.DAYS).name("retention"));
      return logged().stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(level))
          .filter(e -> STORE_LOGGERS.stream().anyMatch(e.getLoggerName()::startsWith))
          .toList();
    }
  }

  /** What the appender holds; it appends under its own lock (the store logs on its network threads). */
  private List<ILoggingEvent> logged() {
    synchronized (logs) {
      return List.copyOf(logs.list);
    }
  }

  @Test
  void aFirstAndASecondStartWithTheServicesIndexesLogNoWarning() {
    List<ILoggingEvent> first = startAndCreateIndexes(Level.WARN);
    List<ILoggingEvent> second = startAndCreateIndexes(Level.WARN);

    assertThat(first).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    assertThat(second).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
  }

  @Test
  void oneInfoLineAtStartSaysWhichIndexesOfTheFileAreNotBuilt() {
    List<String> first = notBuiltLines(startAndCreateIndexes(Level.INFO));
    List<String> second = notBuiltLines(startAndCreateIndexes(Level.INFO));

    assertThat(first)
        .containsExactly(
            "the embedded store builds _id and unique indexes only; non-unique ones are recorded, not built, and"
                + " queries on their fields scan the collection (docs/storage.md)");
    assertThat(second)
        .containsExactly(
            "the embedded store builds _id and unique indexes only; non-unique ones are recorded, not built, and"
                + " queries on their fields scan the collection (docs/storage.md); in this file 4 are not built:"
                + " mercury.inventory(boot.state), mercury.logs(job_id, time), mercury.logs(seq), mercury.logs(time)");
  }

  private static List<String> notBuiltLines(List<ILoggingEvent> events) {
    return events.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("not built"))
        .toList();
  }
}
