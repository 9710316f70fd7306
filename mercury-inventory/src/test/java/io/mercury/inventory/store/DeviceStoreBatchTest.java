package io.mercury.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.dispatch.EndpointException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DeviceStore#insertAll} and {@link InsertBatcher} against a real wire MongoDB. */
class DeviceStoreBatchTest {
  private MongoServer mongo;
  private MongoClient client;
  private MongoCollection<Document> devices;
  private DeviceStore store;

  @BeforeEach
  void setUp() {
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    devices = client.getDatabase("mercury").getCollection("inventory");
    store = new DeviceStore(devices, InstantSource.system());
    store.ensureIndexes();
  }

  @AfterEach
  void tearDown() {
    client.close();
    mongo.shutdownNow();
  }

  private static Map<String, Object> device(String id, String vendor, String... macs) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("mercury_id", id);
    doc.put("dmi", Map.of("sys_vendor", vendor));
    List<Object> interfaces = new ArrayList<>();
    for (String mac : macs) {
      interfaces.add(Map.of("address", mac));
    }
    doc.put("interfaces", interfaces);
    return doc;
  }

  private Document stored(String id) {
    return devices.find(Filters.eq("mercury_id", id)).first();
  }

  @Test
  void insertsNewDevicesMergesKnownOnesAndFailsOnlyTheBadOne() {
    String known = store.insertOne(device("id-known", "Dell", "aa:01"));
    Map<String, Object> noId = new LinkedHashMap<>(Map.of("dmi", Map.of("sys_vendor", "HP")));

    List<Object> results =
        store.insertAll(
            List.of(
                device("id-1", "HP", "bb:01"),
                noId,
                device("id-known", "Lenovo", "aa:01", "aa:02"),
                device("id-2", "HP", "bb:02")));

    assertThat(results).hasSize(4);
    assertThat(results.get(0)).isEqualTo(stored("id-1").getObjectId("_id").toHexString());
    assertThat(results.get(1)).isInstanceOf(EndpointException.class);
    assertThat(results.get(2)).isEqualTo(known);
    assertThat(results.get(3)).isEqualTo(stored("id-2").getObjectId("_id").toHexString());
    assertThat(stored("id-known").get("dmi", Document.class).getString("sys_vendor")).isEqualTo("Lenovo");
    assertThat(stored("id-known").getList("interfaces", Document.class)).hasSize(2);
    assertThat(stored("id-1").get("time_created")).isNotNull();
    assertThat(devices.countDocuments()).isEqualTo(3);
  }

  @Test
  void aDeviceTwiceInOneBatchIsOneDocumentWithTheLaterValues() {
    List<Object> results =
        store.insertAll(List.of(device("id-1", "HP", "bb:01"), device("id-1", "Dell", "bb:01")));

    assertThat(results.get(0)).isEqualTo(results.get(1)).isInstanceOf(String.class);
    assertThat(devices.countDocuments()).isEqualTo(1);
    assertThat(stored("id-1").get("dmi", Document.class).getString("sys_vendor")).isEqualTo("Dell");
  }

  @Test
  void aDeviceInsertedBehindTheBatchsBackIsMergedNotDuplicated() {
    // Inserted between the batch's lookup and its insertMany, as a second inventory would:
    // the unique index refuses the bulk's copy and the device goes through insertOne alone.
    MongoCollection<Document> racing =
        new RacingCollection(devices, () -> devices.insertOne(new Document("mercury_id", "id-1"))).proxy();
    DeviceStore raced = new DeviceStore(racing, InstantSource.system());

    List<Object> results = raced.insertAll(List.of(device("id-1", "HP", "bb:01"), device("id-2", "HP")));

    assertThat(devices.countDocuments(Filters.eq("mercury_id", "id-1"))).isEqualTo(1);
    assertThat(results.get(0)).isEqualTo(stored("id-1").getObjectId("_id").toHexString());
    assertThat(stored("id-1").get("dmi", Document.class).getString("sys_vendor")).isEqualTo("HP");
    assertThat(results.get(1)).isEqualTo(stored("id-2").getObjectId("_id").toHexString());
  }

  @Test
  void concurrentInsertsThroughTheBatcherAreAllStoredAndAnswered() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (InsertBatcher batcher = new InsertBatcher(store)) {
      List<Future<String>> replies = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        String id = "id-" + i;
        replies.add(pool.submit(() -> batcher.insertOne(device(id, "HP", "cc:" + id))));
      }
      for (int i = 0; i < 500; i++) {
        assertThat(replies.get(i).get()).isEqualTo(stored("id-" + i).getObjectId("_id").toHexString());
      }
      assertThat(devices.countDocuments()).isEqualTo(500);
      Future<?> bad = pool.submit(() -> batcher.insertOne(Map.of("dmi", Map.of())));
      assertThat(bad).failsWithin(java.time.Duration.ofSeconds(30))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(EndpointException.class);
    } finally {
      pool.shutdownNow();
    }
  }
}
