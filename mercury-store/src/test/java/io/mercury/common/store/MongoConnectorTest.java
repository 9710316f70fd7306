package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MongoConnectorTest {
  private MongoServer server;
  private InetSocketAddress address;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    address = server.getLocalAddress();
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
  }

  private void roundTrip(MongoSettings settings) {
    try (MongoClient client = MongoConnector.connect(settings)) {
      MongoConnector.ping(client, settings);
      client.getDatabase(settings.database()).getCollection(settings.collection()).insertOne(new Document("a", 1));
      assertThat(client.getDatabase("mercury").getCollection("inventory").countDocuments()).isEqualTo(1);
    }
  }

  @Test
  void connectsByUri() {
    roundTrip(
        new MongoSettings(
            "mongodb://127.0.0.1:" + address.getPort() + "/", List.of(), null, null, null, "mercury", "inventory"));
  }

  @Test
  void connectsByServerList() {
    roundTrip(
        new MongoSettings(null, List.of("127.0.0.1:" + address.getPort()), null, null, null, "mercury", "inventory"));
  }

  @Test
  void anUnreachableStoreIsReportedQuicklyWithItsAddress() {
    MongoSettings settings = new MongoSettings(null, List.of("127.0.0.1:1"), null, null, null, "mercury", "inventory");
    long start = System.nanoTime();
    try (MongoClient client = MongoConnector.connect(settings)) {
      assertThatThrownBy(() -> MongoConnector.ping(client, settings))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot reach MongoDB at [127.0.0.1:1]");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aServerThatIsNotHostColonPortIsRefused() {
    MongoSettings settings = new MongoSettings(null, List.of("db:abc"), null, null, null, "m", "c");
    assertThatThrownBy(() -> MongoConnector.connect(settings)).hasMessageContaining("'db:abc' is not host:port");
  }
}
