package io.mercury.rpc.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.KeyStore;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call the key endpoints, and what is audited. */
class KeyAccessTest {
  private MongoServer mongo;
  private MongoClient client;
  private Dispatcher admin;
  private Dispatcher enrolment;

  @BeforeEach
  void start() {
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    var db = client.getDatabase("mercury_security");
    KeyStore keys = new KeyStore(db);
    EnrolmentTokens tokens = new EnrolmentTokens(db, InstantSource.system());
    AuditTrail audit = AuditTrail.in(db, "mercury-backend", InstantSource.system());
    admin = new Dispatcher("mercury-backend", KeyEndpoints.admin(new EndpointRegistry(), new KeyAdmin(keys, tokens, (e, r) -> {}, () -> {})), audit);
    enrolment = new Dispatcher("mercury-backend", KeyEndpoints.enrolment(new Enrolment(keys, tokens, audit, () -> {})), audit);
  }

  @AfterEach
  void stop() {
    client.close();
    mongo.shutdownNow();
  }

  private static Caller caller(String name, Role role) {
    return new Caller(name, (name + "x".repeat(40)).substring(0, 40), role);
  }

  private static Map<String, Object> call(Dispatcher d, String endpoint, Map<String, Object> kwargs, Caller caller) {
    return d.dispatch(Map.of("endpoint", endpoint, "kwargs", kwargs), caller);
  }

  private List<Document> audit() {
    return client.getDatabase("mercury_security").getCollection("audit").find().into(new java.util.ArrayList<>());
  }

  @Test
  void operatorsMayListAndOnlyAdminsMayChangeKeysOrMakeTokens() {
    Caller viewer = caller("viewer", Role.READ_ONLY);
    Caller bob = caller("bob", Role.OPERATOR);
    Caller alice = caller("alice", Role.ADMIN);

    assertThat(call(admin, "list_keys", Map.of(), viewer))
        .containsEntry("message", "Permission denied: list_keys needs role operator; viewer has read-only");
    assertThat(call(admin, "list_keys", Map.of(), bob)).containsEntry("error", false);
    assertThat(call(admin, "create_enrolment_token", Map.of(), bob))
        .containsEntry("message", "Permission denied: create_enrolment_token needs role admin; bob has operator");
    assertThat(call(admin, "set_key_status", Map.of("keys", List.of("x"), "status", "accept"), bob))
        .containsEntry("message", "Permission denied: set_key_status needs role admin; bob has operator");
    assertThat(call(admin, "create_enrolment_token", Map.of(), alice)).containsEntry("error", false);
    assertThat(call(admin, "list_keys", Map.of(), caller("agent", Role.AGENT))).containsEntry("error", true);

    assertThat(audit()).extracting(d -> d.getString("action") + "/" + d.getString("outcome"))
        .containsExactlyInAnyOrder("create_enrolment_token/denied", "set_key_status/denied", "create_enrolment_token/ok", "list_keys/denied", "list_keys/denied");
  }

  @Test
  void operatorsCannotCallEnrol() {
    assertThat(call(enrolment, "enrol", Map.of("mercury_id", "00" + "a".repeat(40)), caller("bob", Role.OPERATOR)))
        .containsEntry("message", "Permission denied: enrol needs role agent; bob has operator");
    assertThat(call(enrolment, "enrol", Map.of("mercury_id", "00" + "a".repeat(40)), caller(AnyKey.NAME, Role.AGENT)))
        .containsEntry("error", false);
  }
}
