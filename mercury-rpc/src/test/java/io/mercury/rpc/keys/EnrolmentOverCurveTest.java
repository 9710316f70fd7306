package io.mercury.rpc.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.agent.AgentConfig;
import io.mercury.agent.AgentSecurity;
import io.mercury.agent.AgentService;
import io.mercury.agent.EnrolmentConfig;
import io.mercury.agent.capability.Capabilities;
import io.mercury.agent.testing.FixtureHost;
import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.Param;
import io.mercury.common.dispatch.ParamType;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.ZapAuthenticator;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.store.keys.StoreAllowList;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * Enrolment over real CURVE sockets: the enrolment socket takes any key and records the one the
 * handshake proved; a server on the allow-list admits the agent only once its key is accepted.
 */
class EnrolmentOverCurveTest {
  private static final String MERCURY_ID = "00" + "c".repeat(40);

  @TempDir Path dir;
  private final ZContext serverContext = new ZContext();
  private final ZContext clientContext = new ZContext();
  private final CurveKeyPair backendKey = CurveKeyPair.generate();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final List<Object> registrations = new CopyOnWriteArrayList<>();
  private MongoServer mongo;
  private MongoClient client;
  private KeyStore keys;
  private EnrolmentTokens tokens;
  private AuditTrail audit;
  private ZapAuthenticator zap;
  private StoreAllowList allowList;
  private RouterServer enrolment;
  private RouterServer main;

  @BeforeEach
  void start() {
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    var db = client.getDatabase("mercury_security");
    keys = new KeyStore(db);
    tokens = new EnrolmentTokens(db, InstantSource.system());
    audit = AuditTrail.in(db, "test", InstantSource.system());
    zap = new ZapAuthenticator(serverContext);
    allowList = new StoreAllowList(keys);
    enrolment =
        new RouterServer(
            serverContext,
            ServerSettings.of("enrolment", "tcp://127.0.0.1:0").withCurve(zap.server("enrolment", backendKey, new AnyKey())),
            new Dispatcher("enrolment", KeyEndpoints.enrolment(new Enrolment(keys, tokens, audit, () -> {
              refreshes.incrementAndGet();
              allowList.refresh();
            })), audit));
    enrolment.start();
    EndpointRegistry backend =
        new EndpointRegistry()
            .register(
                "register",
                Access.AGENT,
                a -> {
                  registrations.add(a.caller().publicKey());
                  return Map.of("backend", "test");
                },
                Param.required("device_info", ParamType.MAP),
                Param.required("agent_info", ParamType.MAP));
    main =
        new RouterServer(
            serverContext,
            ServerSettings.of("backend", "tcp://127.0.0.1:0").withCurve(zap.server("backend", backendKey, allowList)),
            new Dispatcher("backend", backend, audit));
    main.start();
  }

  @AfterEach
  void stop() {
    main.close();
    enrolment.close();
    allowList.close();
    clientContext.close();
    zap.close();
    serverContext.close();
    client.close();
    mongo.shutdownNow();
  }

  /**
   * A client that waits 15 s: a fresh CURVE connection that JeroMQ never completes is replaced after
   * 2 s ±25 %, and the replacement's handshake must still fit in the call on a loaded machine.
   */
  private ServiceClient client(String endpoint, CurveClient curve) {
    return client(endpoint, curve, Duration.ofSeconds(15));
  }

  private ServiceClient client(String endpoint, CurveClient curve, Duration timeout) {
    return new ServiceClient(
        clientContext, endpoint, ClientSettings.defaults("test").withTimeout(timeout).withRetries(0).withCurve(curve));
  }

  @Test
  void anyKeyMayEnrolAndTheRecordedKeyIsTheOneTheHandshakeProved() throws Exception {
    CurveKeyPair agent = CurveKeyPair.generate();
    try (ServiceClient c = client(enrolment.endpoint(), new CurveClient(agent, backendKey.publicKey()))) {
      Object reply = c.invoke(Request.of("enrol", MERCURY_ID, "host-c"), false);
      assertThat(((Map<?, ?>) reply).get("status")).isEqualTo("pending");
    }
    assertThat(keys.find(agent.publicKey()).orElseThrow().status()).isEqualTo(KeyStatus.PENDING);

    CurveKeyPair second = CurveKeyPair.generate();
    String token = tokens.create(Duration.ofMinutes(5), 1, "alice").token();
    try (ServiceClient c = client(enrolment.endpoint(), new CurveClient(second, backendKey.publicKey()))) {
      Object reply = c.invoke(Request.of("enrol", "00" + "d".repeat(40), null, token), false);
      assertThat(((Map<?, ?>) reply).get("status")).isEqualTo("accepted");
    }
    assertThat(refreshes).hasValue(1);
    try (ServiceClient c = client(main.endpoint(), new CurveClient(second, backendKey.publicKey()))) {
      assertThat(c.invoke(Request.of("register", Map.of(), Map.of()), false)).isEqualTo(Map.of("backend", "test"));
    }
  }

  @Test
  void aPlaintextClientGetsNothingFromTheEnrolmentSocket() {
    try (ServiceClient c = client(enrolment.endpoint(), null, Duration.ofSeconds(3))) {
      assertThatThrownBy(() -> c.invoke(Request.of("enrol", MERCURY_ID), false)).isInstanceOf(TransportException.class);
    }
  }

  @Test
  void aCurveAgentWaitsPendingAndRegistersOnceAnOperatorAcceptsItsKey() throws Exception {
    CurveKeyPair agentKey = CurveKeyPair.generate();
    Path root = FixtureHost.write(Files.createDirectory(dir.resolve("root")), UUID.randomUUID().toString());
    AgentConfig config =
        AgentConfig.forTesting(main.endpoint(), Files.createDirectory(dir.resolve("state")), root)
            .withEnrolment(new EnrolmentConfig(enrolment.endpoint(), null, Duration.ofMillis(100), Duration.ofMillis(500)));
    try (ZContext agentContext = new ZContext();
        AgentService agent =
            AgentService.start(agentContext, config, Capabilities::load, AgentSecurity.on(agentKey, List.of(backendKey.publicKey())))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> keys.find(agentKey.publicKey()).isPresent());
      assertThat(keys.find(agentKey.publicKey()).orElseThrow().mercuryId()).isEqualTo(agent.mercuryId());
      assertThat(agent.registrations()).isZero();

      assertThat(keys.setStatus(agent.mercuryId(), KeyStatus.ACCEPTED, "alice")).hasSize(1);
      allowList.refresh();

      await().atMost(Duration.ofSeconds(30)).until(() -> agent.registrations() == 1);
      assertThat(registrations).containsExactly(agentKey.publicKey());
    }
  }
}
