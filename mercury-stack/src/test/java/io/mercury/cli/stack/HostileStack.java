package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
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
import io.mercury.common.transport.ServiceClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * The stack {@link HostileStackTest} and {@link HostileInputTest} attack, started once for both by {@link
 * SharedHostileStack}: every daemon a process, CURVE on, a backend with tight enrolment limits, two agents
 * (the victim and Mallory), the boot service with auto enrolment and the token-less loopback API; and the
 * callers the tests use, one client per key, address and timeout.
 */
final class HostileStack implements AutoCloseable {
  static final String VICTIM_UUID = "00000000-0000-4000-8000-0000000000d1";
  static final String MALLORY_UUID = "00000000-0000-4000-8000-0000000000e2";
  static final int AUTO_TOKENS_PER_MINUTE = 5;
  static final int PENDING_PER_SOURCE = 4;

  final TestStack stack;
  final TestStack.Service backend;
  final TestStack.Service rpc;
  final TestStack.Agent victim;
  final TestStack.Agent mallory;
  final String boot;
  final String api;
  final Path bootFiles;
  final MongoClient store;
  /** One client per caller key, address and timeout, closed before the stack's context. */
  private final Map<String, ServiceClient> clients = new LinkedHashMap<>();

  /** Whether the modules are packaged, as the stack's processes need. */
  static void assumePackaged() {
    assumeTrue(TestStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    assumeTrue(Stream.of("mercury-boot", "mercury-api").allMatch(m -> Files.isDirectory(root().resolve(m).resolve("target/lib"))));
  }

  HostileStack(Path home) throws Exception {
    stack = new TestStack(home).withLogService().withDistinctMacs();
    try {
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
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  @Override
  public void close() {
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
  String logOf(String name) throws IOException {
    return Files.readString(stack.layout().log(name), StandardCharsets.ISO_8859_1);
  }

  private static Path root() {
    return Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();
  }

  // ---------------------------------------------------------------- callers

  ServiceClient as(CurveKeyPair key, String address, String server) {
    return as(key, address, server, Duration.ofSeconds(10));
  }

  /** As {@link #as(CurveKeyPair, String, String)}; a caller expected to fail the handshake waits briefly. */
  ServiceClient as(CurveKeyPair key, String address, String server, Duration timeout) {
    return clients.computeIfAbsent(
        key.publicKey() + " " + address + " " + timeout,
        k -> {
          String serverKey = KeyFiles.loadPublic(KeyFiles.publicFile(stack.keysDir(), server)).publicKey();
          return new ServiceClient(
              stack.zmq(), address,
              ClientSettings.defaults(server).withTimeout(timeout).withRetries(0).withCurve(new CurveClient(key, serverKey)));
        });
  }

  CurveKeyPair malloryKey() {
    return KeyFiles.load(stack.agentState("mallory"), "agent");
  }

  CurveKeyPair key(String name) {
    return KeyFiles.load(stack.keysDir(), name);
  }

  ServiceClient operatorTo(String address, String server) {
    return as(key("operator"), address, server);
  }

  /** A client of the backend's enrolment socket with a key nobody knows yet. */
  ServiceClient enrolling(CurveKeyPair key) {
    return as(key, stack.enrolmentAddress(backend), "backend");
  }

  static Map<?, ?> enrol(ServiceClient client, String mercuryId, String token) throws Exception {
    List<Object> args = new ArrayList<>();
    args.add(mercuryId);
    args.add("host-" + mercuryId.substring(0, 8));
    args.add(token);
    return (Map<?, ?>) client.invoke(new Request("enrol", args, Map.of()), false);
  }

  List<Map<?, ?>> keys(String status) throws Exception {
    Map<?, ?> reply = (Map<?, ?>) operatorTo(backend.address(), "backend").invoke(new Request("list_keys", List.of(), Map.of("status", status)), true);
    List<Map<?, ?>> keys = new ArrayList<>();
    ((List<?>) reply.get("keys")).forEach(k -> keys.add((Map<?, ?>) k));
    return keys;
  }

  Map<?, ?> device(String mercuryId) throws Exception {
    return (Map<?, ?>) operatorTo(stack.inventory(), "inventory").invoke(Request.of("get_one", mercuryId), true);
  }

  MongoCollection<Document> audit() {
    return store.getDatabase("mercury_security").getCollection("audit");
  }

  List<Document> audited(String who, String action, String outcome) {
    return audit().find(Filters.and(Filters.eq("who.name", who), Filters.eq("action", action), Filters.eq("outcome", outcome)))
        .into(new ArrayList<>());
  }

  static String randomMac() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return String.format("52:54:%02x:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt(256));
  }

  /** The boot service's answer to an iPXE discovery of {@code mac}, which must be 200. */
  RawHttp.Reply discover(String mac) throws IOException {
    RawHttp.Reply r = RawHttp.send(boot, "GET", "/boot/discover/" + mac, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  /** Jobs in every rpc database of the store. */
  long jobs() {
    long jobs = 0;
    for (String db : store.listDatabaseNames()) {
      if (store.getDatabase(db).listCollectionNames().into(new ArrayList<>()).contains("rpc_jobs")) {
        jobs += store.getDatabase(db).getCollection("rpc_jobs").countDocuments();
      }
    }
    return jobs;
  }
}
