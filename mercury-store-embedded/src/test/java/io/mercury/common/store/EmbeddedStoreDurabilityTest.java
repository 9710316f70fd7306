package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store as a real process: acknowledged writes survive kill -9 and restarts. */
class EmbeddedStoreDurabilityTest {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void tearDown() {
    processes.forEach(Process::destroyForcibly);
  }

  private Process spawn(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(EmbeddedStoreMain.class.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("store.log").toFile()))
            .start();
    processes.add(p);
    return p;
  }

  private record Running(Process process, int port) {}

  private Running startStore() throws IOException {
    Path portFile = dir.resolve("store.port");
    Files.deleteIfExists(portFile);
    Process p = spawn("--data-dir", dir.resolve("data").toString(), "--port", "0", "--port-file", portFile.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(portFile) || !p.isAlive());
    assertThat(p.isAlive()).as("store started; log: %s", log()).isTrue();
    return new Running(p, Integer.parseInt(Files.readString(portFile).trim()));
  }

  private String log() throws IOException {
    Path log = dir.resolve("store.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static MongoClient connect(int port) {
    return MongoClients.create("mongodb://127.0.0.1:" + port + "/");
  }

  @Test
  void everyAcknowledgedWriteSurvivesKillMinusNine() throws Exception {
    Running store = startStore();
    int acknowledged = 0;
    try (MongoClient client = connect(store.port())) {
      MongoCollection<Document> devices = client.getDatabase("mercury").getCollection("inventory");
      for (int i = 0; i < 1000; i++) {
        devices.insertOne(new Document("mercury_id", "id-" + i).append("n", i));
        acknowledged++;
      }
    }
    store.process().destroyForcibly();
    assertThat(store.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

    Running again = startStore();
    try (MongoClient client = connect(again.port())) {
      assertThat(client.getDatabase("mercury").getCollection("inventory").countDocuments())
          .isEqualTo(acknowledged);
    }
  }

  @Test
  void aCleanRestartKeepsDocumentsAndUniqueIndexes() throws Exception {
    Running store = startStore();
    try (MongoClient client = connect(store.port())) {
      MongoCollection<Document> devices = client.getDatabase("mercury").getCollection("inventory");
      devices.createIndex(Indexes.ascending("mercury_id"), new IndexOptions().unique(true));
      devices.insertOne(new Document("mercury_id", "a").append("dmi", new Document("sys_vendor", "HPE")));
    }
    store.process().destroy();
    assertThat(store.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(log()).contains("compacted");

    Running again = startStore();
    try (MongoClient client = connect(again.port())) {
      MongoCollection<Document> devices = client.getDatabase("mercury").getCollection("inventory");
      assertThat(devices.find(new Document("mercury_id", "a")).first().get("dmi", Document.class).getString("sys_vendor"))
          .isEqualTo("HPE");
      assertThatThrownBy(() -> devices.insertOne(new Document("mercury_id", "a")))
          .isInstanceOfSatisfying(
              MongoWriteException.class,
              e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }
  }

  @Test
  void aSecondStoreOnTheSameFileIsRefusedWithAClearReason() throws Exception {
    startStore();
    Process second = spawn("--data-dir", dir.resolve("data").toString(), "--port", "0");
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(1);
    assertThat(log()).contains("it is in use by another process");
  }

  @Test
  void aNonLoopbackBindIsRefusedWithoutAllowRemote() throws Exception {
    Process p = spawn("--data-dir", dir.resolve("data").toString(), "--bind", "0.0.0.0", "--port", "0");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(log()).contains("refusing to listen on 0.0.0.0: the embedded store has no authentication");
  }
}
