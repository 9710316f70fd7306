package io.mercury.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.Role;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * The log service stores a record under the identity its sender authenticated with, not the one the
 * record claims (finding F9: an agent's line showed in {@code mcli log} as a mercury-backend event).
 * A real log service with CURVE on, real daemon keys from a key directory and an agent key accepted in
 * the key store as enrolment accepts one: its name is the device's mercury_id.
 */
class LogIdentityTest {
  private static final String DEVICE = "01d0c0ffee";
  private static final String OTHER_DEVICE = "01badcafe0";

  @TempDir Path tmp;
  private Path keys;
  private MongoServer mongo;
  private MongoClient mongoClient;
  private MongoCollection<Document> logs;
  private ZContext serverContext;
  private ZContext clientContext;
  private TransportSecurity security;
  private LogService service;
  private CurveKeyPair agentKey;
  private final List<ServiceClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    mongo = new MongoServer(new MemoryBackend());
    mongoClient = MongoClients.create(mongo.bindAndGetConnectionString());
    logs = mongoClient.getDatabase("mercury").getCollection("logs");
    MongoDatabase securityDb = mongoClient.getDatabase(SecuritySettings.DEFAULT_DATABASE);
    keys = tmp.resolve("keys");
    KeyDirectory.ensure(keys, KeyDirectory.SERVICES, "operator", Role.ADMIN);
    agentKey = CurveKeyPair.generate();
    KeyStore.sealedBy(securityDb, keys).acceptAgent(agentKey.publicKey(), DEVICE, "host1", null, "enrolment-token");
    serverContext = new ZContext();
    security = TransportSecurity.start(LogService.NAME, SecuritySettings.on(keys, "log"), serverContext, securityDb);
    service =
        LogService.start(
            serverContext,
            new LogService.Settings(
                ServerSettings.of(LogService.NAME, "tcp://127.0.0.1:0"),
                "tcp://127.0.0.1:0",
                100,
                Duration.ofDays(14),
                10_000,
                Duration.ofHours(1)),
            logs,
            InstantSource.system(),
            AuditTrail.in(securityDb, LogService.NAME, InstantSource.system()),
            Duration.ofDays(365),
            security);
    clientContext = new ZContext();
  }

  @AfterEach
  void stop() {
    clients.forEach(ServiceClient::close);
    clientContext.close();
    service.close();
    security.close();
    serverContext.close();
    mongoClient.close();
    mongo.shutdownNow();
  }

  private ServiceClient agent() {
    return client(agentKey);
  }

  /** A client holding the key pair {@code <keys>/<name>.key} (a daemon's, or the admin operator's). */
  private ServiceClient holderOf(String name) {
    return client(KeyFiles.load(keys, name));
  }

  private ServiceClient client(CurveKeyPair key) {
    ServiceClient client =
        new ServiceClient(
            clientContext,
            service.endpoint(),
            ClientSettings.defaults("log")
                .withTimeout(Duration.ofSeconds(10))
                .withCurve(new CurveClient(key, security.key().orElseThrow().publicKey())));
    clients.add(client);
    return client;
  }

  private static Map<String, Object> event(String message, Map<String, Object> claims) {
    Map<String, Object> e = new HashMap<>(claims);
    e.put("time", 1.7e9);
    e.put("level", "INFO");
    e.put("message", message);
    e.put("host", "h1");
    return e;
  }

  private static Map<String, Object> originalRecord(String message, Map<String, Object> claims) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", "mercury_agent.capabilities.run");
    r.put("msg", message);
    r.put("levelname", "INFO");
    r.put("levelno", 20L);
    r.put("pathname", "/usr/lib/python3/site-packages/mercury_agent/capabilities/run.py");
    r.put("created", 1.7e9);
    r.put("threadName", "MainThread");
    r.putAll(claims);
    return r;
  }

  private static void batch(ServiceClient sender, Map<?, ?>... events) throws Exception {
    Map<?, ?> reply = (Map<?, ?>) sender.invoke(Request.of("log_batch", List.of(events)), false);
    assertThat(reply.get("stored")).isEqualTo((long) events.length);
  }

  private static void bare(ServiceClient sender, Map<String, Object> record) throws Exception {
    Map<?, ?> reply = (Map<?, ?>) sender.exchange(record, false);
    assertThat(reply.get("error")).isEqualTo(false);
    assertThat(reply.get("message")).isEqualTo("ok");
  }

  private Document stored(String message) {
    return logs.find(new Document("message", message)).first();
  }

  private List<Object> messagesFound(Map<String, Object> filter) throws Exception {
    Map<?, ?> reply = (Map<?, ?>) holderOf("operator").invoke(new Request("query_logs", List.of(filter), Map.of()), true);
    List<Object> messages = new ArrayList<>();
    ((List<?>) reply.get("events")).forEach(e -> messages.add(((Map<?, ?>) e).get("message")));
    return messages;
  }

  @Test
  void anAgentClaimingTheBackendAndAnotherDeviceIsStoredAsItselfAndMarked() throws Exception {
    batch(agent(), event("task t1 sent to 10.0.0.9", Map.of("service", "mercury-backend", "mercury_id", OTHER_DEVICE)));

    assertThat(stored("task t1 sent to 10.0.0.9"))
        .containsEntry("service", "mercury-agent")
        .containsEntry("mercury_id", DEVICE)
        .containsEntry("identity", "mismatch")
        .containsEntry("claimed", new Document("service", "mercury-backend").append("mercury_id", OTHER_DEVICE));
    assertThat(messagesFound(Map.of("service", "mercury-backend"))).isEmpty();
    assertThat(messagesFound(Map.of("mercury_id", OTHER_DEVICE))).isEmpty();
    assertThat(messagesFound(Map.of("identity", "mismatch"))).containsExactly("task t1 sent to 10.0.0.9");
  }

  @Test
  void aLegitimateAgentRecordIsStoredUnmarked() throws Exception {
    batch(
        agent(),
        event("running inspector", Map.of("service", "mercury-agent", "mercury_id", DEVICE)),
        event("starting, not yet inspected", Map.of("service", "mercury-agent")));

    for (String message : List.of("running inspector", "starting, not yet inspected")) {
      assertThat(stored(message))
          .as(message)
          .containsEntry("service", "mercury-agent")
          .containsEntry("mercury_id", DEVICE)
          .doesNotContainKeys("identity", "claimed");
    }
    assertThat(messagesFound(Map.of("identity", "mismatch"))).isEmpty();
  }

  @Test
  void aDaemonRecordWithItsOwnServiceIsUnmarkedAndKeepsTheDeviceItActsOn() throws Exception {
    batch(holderOf("backend"), event("task t1 sent to " + DEVICE, Map.of("service", "mercury-backend", "mercury_id", DEVICE, "job_id", "j1")));
    batch(holderOf("rpc"), event("job j1 created", Map.of("service", "mercury-rpc", "job_id", "j1")));

    assertThat(stored("task t1 sent to " + DEVICE))
        .containsEntry("service", "mercury-backend")
        .containsEntry("mercury_id", DEVICE)
        .doesNotContainKeys("identity", "claimed");
    assertThat(stored("job j1 created")).containsEntry("service", "mercury-rpc").doesNotContainKeys("identity", "claimed");
  }

  @Test
  void aDaemonClaimingAnotherDaemonOrAnAgentIsStoredAsItselfAndMarked() throws Exception {
    batch(
        holderOf("backend"),
        event("device updated", Map.of("service", "mercury-inventory", "mercury_id", DEVICE)),
        event("running inspector", Map.of("service", "mercury-agent", "mercury_id", DEVICE)));

    assertThat(stored("device updated"))
        .containsEntry("service", "mercury-backend")
        .containsEntry("mercury_id", DEVICE)
        .containsEntry("identity", "mismatch")
        .containsEntry("claimed", new Document("service", "mercury-inventory"));
    assertThat(stored("running inspector"))
        .containsEntry("service", "mercury-backend")
        .containsEntry("identity", "mismatch")
        .containsEntry("claimed", new Document("service", "mercury-agent"));
    assertThat(messagesFound(Map.of("service", "mercury-agent"))).isEmpty();
  }

  @Test
  void theBareOriginalRecordPathIsStampedToo() throws Exception {
    Map<String, Object> forged = new HashMap<>(Map.of("service", "mercury-backend", "mercury_id", OTHER_DEVICE));
    // the mark is the service's: a record cannot pre-empt it
    forged.put("identity", "verified");
    forged.put("claimed", Map.of());
    bare(agent(), originalRecord("forged original", forged));
    bare(agent(), originalRecord("plain original", Map.of()));
    bare(holderOf("backend"), originalRecord("daemon original", Map.of()));

    assertThat(stored("forged original"))
        .containsEntry("origin", "original")
        .containsEntry("service", "mercury-agent")
        .containsEntry("mercury_id", DEVICE)
        .containsEntry("identity", "mismatch")
        .containsEntry("claimed", new Document("service", "mercury-backend").append("mercury_id", OTHER_DEVICE));
    assertThat(stored("plain original"))
        .containsEntry("service", "mercury-agent")
        .containsEntry("mercury_id", DEVICE)
        .doesNotContainKeys("identity", "claimed");
    assertThat(stored("daemon original"))
        .as("a daemon's record naming no service is its own, not the agents' default")
        .containsEntry("service", "mercury-backend")
        .doesNotContainKeys("mercury_id", "identity", "claimed");
  }

  @Test
  void operatorsStillMayNotSendRecords() {
    assertThatThrownBy(() -> batch(holderOf("operator"), event("hello", Map.of())))
        .isInstanceOf(RemoteException.class)
        .hasMessage("Permission denied: log_batch needs role agent; operator has admin");
    assertThat(logs.countDocuments()).isZero();
  }
}
