package io.mercury.rpc.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.security.Caller;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The enrol endpoint's decisions, with the Callers the transport would pass. */
class EnrolmentTest {
  private static final String ID_1 = "00" + "a".repeat(40);
  private static final String ID_2 = "00" + "b".repeat(40);

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = now::get;
  private MongoServer mongo;
  private MongoClient client;
  private KeyStore keys;
  private EnrolmentTokens tokens;
  private Enrolment enrolment;
  private AuditTrail audit;

  @BeforeEach
  void start() {
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    var db = client.getDatabase("mercury_security");
    keys = new KeyStore(db, 2, clock);
    tokens = new EnrolmentTokens(db, clock);
    audit = AuditTrail.in(db, "test", clock);
    enrolment = new Enrolment(keys, tokens, audit, () -> {});
  }

  @AfterEach
  void stop() {
    client.close();
    mongo.shutdownNow();
  }

  private static Caller agent(int n) {
    return new Caller("unknown", ("agentkey" + n + "x".repeat(40)).substring(0, 40), Role.AGENT);
  }

  @Test
  void aValidTokenAcceptsTheKeyAtOnceAsAnAgent() {
    String token = tokens.create(Duration.ofMinutes(30), 1, "alice").token();

    Map<String, Object> reply = enrolment.enrol(agent(1), ID_1, "host1", token);

    assertThat(reply).containsEntry("status", "accepted").containsEntry("mercury_id", ID_1)
        .containsEntry("fingerprint", KeyEntry.fingerprint(agent(1).publicKey()).substring(0, 16));
    KeyEntry stored = keys.find(agent(1).publicKey()).orElseThrow();
    assertThat(stored.status()).isEqualTo(KeyStatus.ACCEPTED);
    assertThat(stored.role()).isEqualTo(Role.AGENT);
    assertThat(stored.name()).isEqualTo(ID_1);
    assertThat(stored.hostname()).isEqualTo("host1");
    assertThat(stored.updatedBy()).isEqualTo("token:" + EnrolmentTokens.id(token));
    assertThat(enrolment.enrol(agent(1), ID_1, "host1", null)).containsEntry("status", "accepted");
    assertThat(db().getCollection("audit").find().into(new java.util.ArrayList<>()))
        .singleElement()
        .satisfies(r -> {
          assertThat(r.getString("action")).isEqualTo("enrol");
          assertThat(r.getString("outcome")).isEqualTo("ok");
          assertThat(r.get("who", org.bson.Document.class).getString("public_key")).isEqualTo(agent(1).publicKey());
        });
  }

  private com.mongodb.client.MongoDatabase db() {
    return client.getDatabase("mercury_security");
  }

  @Test
  void aSecondKeyForABoundDeviceStaysPendingEvenWithATokenWhichIsNotUsed() {
    enrolment.enrol(agent(1), ID_1, "host1", tokens.create(Duration.ofMinutes(30), 1, "alice").token());
    String token = tokens.create(Duration.ofMinutes(30), 1, "alice").token();

    Map<String, Object> reply = enrolment.enrol(agent(2), ID_1, "host1", token);

    assertThat(reply).containsEntry("status", "pending");
    assertThat((String) reply.get("message"))
        .contains("device " + ID_1 + " already has accepted key " + KeyEntry.fingerprint(agent(1).publicKey()).substring(0, 16))
        .contains("mcli keys replace " + reply.get("fingerprint"));
    assertThat(keys.find(agent(2).publicKey()).orElseThrow().status()).isEqualTo(KeyStatus.PENDING);
    // the token was not spent on it: it still lets another device in
    assertThat(enrolment.enrol(agent(3), ID_2, "host2", token)).containsEntry("status", "accepted");
  }

  @Test
  void withoutATokenTheKeyWaitsForAnOperator() {
    Map<String, Object> reply = enrolment.enrol(agent(1), ID_1, "host1", null);

    assertThat(reply).containsEntry("status", "pending");
    assertThat((String) reply.get("message"))
        .contains("no enrolment token was given")
        .contains("mcli keys accept " + reply.get("fingerprint"));
    assertThat(keys.find(agent(1).publicKey()).orElseThrow().status()).isEqualTo(KeyStatus.PENDING);

    keys.setStatus((String) reply.get("fingerprint"), KeyStatus.ACCEPTED, "alice");
    assertThat(enrolment.enrol(agent(1), ID_1, "host1", null)).containsEntry("status", "accepted");
  }

  @Test
  void anExpiredTokenLeavesTheKeyPendingAndSaysWhy() {
    String token = tokens.create(Duration.ofMinutes(30), 1, "alice").token();
    now.updateAndGet(t -> t.plus(Duration.ofMinutes(31)));

    Map<String, Object> reply = enrolment.enrol(agent(1), ID_1, "host1", token);

    assertThat(reply).containsEntry("status", "pending");
    assertThat((String) reply.get("message")).contains("the enrolment token has expired");
  }

  @Test
  void aOneUseTokenAcceptsOnlyTheFirstKey() {
    String token = tokens.create(Duration.ofMinutes(30), 1, "alice").token();
    assertThat(enrolment.enrol(agent(1), ID_1, null, token)).containsEntry("status", "accepted");

    Map<String, Object> second = enrolment.enrol(agent(2), ID_2, null, token);
    assertThat(second).containsEntry("status", "pending");
    assertThat((String) second.get("message")).contains("no uses left");
    assertThat(enrolment.enrol(agent(3), ID_2, null, "made-up")).containsEntry("status", "pending");
  }

  @Test
  void aRejectedKeyStaysRejectedEvenWithAToken() {
    enrolment.enrol(agent(1), ID_1, null, null);
    keys.setStatus(agent(1).publicKey(), KeyStatus.REJECTED, "alice");
    String token = tokens.create(Duration.ofMinutes(30), 1, "alice").token();

    Map<String, Object> reply = enrolment.enrol(agent(1), ID_1, null, token);

    assertThat(reply).containsEntry("status", "rejected");
    assertThat((String) reply.get("message")).contains("rejected by alice");
    assertThat(keys.find(agent(1).publicKey()).orElseThrow().status()).isEqualTo(KeyStatus.REJECTED);
    assertThat(tokens.redeem(token)).as("the token was not spent").isEqualTo(EnrolmentTokens.Redemption.REDEEMED);
  }

  @Test
  void aRevokedKeyIsAnsweredRejected() {
    enrolment.enrol(agent(1), ID_1, null, null);
    keys.setStatus(ID_1, KeyStatus.ACCEPTED, "alice");
    keys.setStatus(ID_1, KeyStatus.REVOKED, "alice");
    assertThat(enrolment.enrol(agent(1), ID_1, null, null)).containsEntry("status", "rejected");
  }

  @Test
  void tooManyPendingKeysIsAnErrorTheAgentRetries() {
    enrolment.enrol(agent(1), ID_1, null, null);
    enrolment.enrol(agent(2), ID_2, null, null);
    assertThatThrownBy(() -> enrolment.enrol(agent(3), "00" + "c".repeat(40), null, null))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("too many keys are pending");
    assertThat(keys.find(agent(3).publicKey())).isEmpty();
  }

  @Test
  void anUnauthenticatedCallerOrABadIdIsRefused() {
    assertThatThrownBy(() -> enrolment.enrol(Caller.unauthenticated(), ID_1, null, null))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("enrol needs CURVE");
    assertThatThrownBy(() -> enrolment.enrol(agent(1), "my-box", null, null))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("'my-box' is not a mercury_id");
    assertThat(keys.list(java.util.Optional.empty())).isEmpty();
  }
}
