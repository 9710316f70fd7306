package io.mercury.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.inventory.query.QueryGuard;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounds on user queries: result size, nesting depth, and code-running operators at any depth. */
class QueryLimitsTest {
  private MongoServer mongo;
  private MongoClient client;
  private DeviceStore store;

  @BeforeEach
  void start() {
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    var devices = client.getDatabase("mercury").getCollection("inventory");
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      docs.add(new Document("mercury_id", "dev-" + i).append("n", i));
    }
    devices.insertMany(docs);
    store = new DeviceStore(devices, InstantSource.system(), 3);
  }

  @AfterEach
  void stop() {
    client.close();
    mongo.shutdownNow();
  }

  @Test
  void aLimitOverTheMaximumIsRefusedNamingTheLimit() {
    assertThatThrownBy(() -> store.query(Map.of(), null, 4, "_id", 1, null))
        .isInstanceOf(EndpointException.class)
        .hasMessage("limit 4 exceeds inventory.max_query_results (3); page with offset_id");
    assertThat(store.query(Map.of(), null, 3, "_id", 1, null).items()).hasSize(3);
  }

  @Test
  void allResultsAreRefusedWhenMoreMatchThanTheMaximumAndGivenWhenFewerDo() {
    assertThatThrownBy(() -> store.query(Map.of(), null, 0, "_id", 1, null))
        .isInstanceOf(EndpointException.class)
        .hasMessage("query matches 5 devices, more than inventory.max_query_results (3); give a limit and page with offset_id");
    QueryPage few = store.query(Map.of("n", Map.of("$lt", 2L)), null, 0, "_id", 1, null);
    assertThat(few.items()).hasSize(2);
    assertThat(few.total()).isEqualTo(2);
  }

  @Test
  void theMaximumMustBePositive() {
    assertThatThrownBy(() -> new DeviceStore(null, InstantSource.system(), 0)).hasMessageContaining("maxQueryResults must be positive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"$where", "$function", "$accumulator", "$expr", "$jsonSchema", "$text"})
  void codeRunningOperatorsAreRefusedAtAnyDepth(String operator) {
    Map<String, Object> leaf = Map.of(operator, "sleep(1000)");
    List<Map<String, Object>> queries =
        List.of(
            leaf,
            Map.of("a", leaf),
            Map.of("$and", List.of(Map.of("b", 1L), Map.of("$or", List.of(leaf)))),
            Map.of("c", Map.of("$elemMatch", Map.of("d", Map.of("$not", leaf)))),
            Map.of("e", Map.of("$in", List.of(List.of(leaf)))));
    for (Map<String, Object> q : queries) {
      assertThatThrownBy(() -> QueryGuard.query(q))
          .as(q.toString())
          .isInstanceOf(EndpointException.class)
          .hasMessageStartingWith("Query operator " + operator + " is not allowed");
    }
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedNamingIt() {
    Object q = Map.of("x", 1L);
    for (int i = 0; i < 40; i++) {
      q = Map.of("$and", List.of(q));
    }
    Object deep = q;
    @SuppressWarnings("unchecked")
    Map<String, Object> query = (Map<String, Object>) deep;
    assertThatThrownBy(() -> QueryGuard.query(query)).isInstanceOf(EndpointException.class).hasMessage("Query is nested deeper than 32 levels");
  }
}
