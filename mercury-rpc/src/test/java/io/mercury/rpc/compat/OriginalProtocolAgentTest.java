package io.mercury.rpc.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.common.transport.TransportException;
import io.mercury.rpc.link.AgentLink;
import io.mercury.rpc.liveness.LivenessMonitor;
import io.mercury.rpc.liveness.PingSettings;
import io.mercury.rpc.testing.RecordingBackend;
import io.mercury.testkit.ReplyPolicy;
import io.mercury.testkit.agent.FakeAgent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The original-protocol agent against AgentLink and a recording stand-in for the backend. */
class OriginalProtocolAgentTest {
  private static final Duration LONG = Duration.ofSeconds(20);
  private static final String MERCURY_ID = "0128ba8246592e7b0165fe9ba7420178d79ef838f1";

  private RecordingBackend backend;
  private FakeAgent agent;
  private AgentLink link;

  @BeforeEach
  void setUp() {
    backend = new RecordingBackend();
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("mercury_id", MERCURY_ID);
    device.put("dmi", Map.of("sys_vendor", "HP"));
    agent = FakeAgent.builder(device, ReplyPolicy.ORIGINAL).backend(backend.address()).start();
    link = new AgentLink(16);
  }

  @AfterEach
  void tearDown() throws Exception {
    link.close();
    agent.close();
    backend.close();
  }

  private String rpcAddress() {
    return "tcp://127.0.0.1:" + agent.rpcPort();
  }

  private String pongAddress() {
    return "tcp://127.0.0.1:" + agent.pongPort();
  }

  private static Object get(CompletableFuture<Object> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private Map<?, ?> rpc(Map<String, Object> message) throws Exception {
    return (Map<?, ?>) get(link.request(rpcAddress(), message, LONG));
  }

  private static Map<String, Object> echo(Object... args) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("category", "rpc");
    m.put("method", "echo");
    m.put("args", List.of(args));
    m.put("kwargs", Map.of());
    m.put("task_id", "t1");
    m.put("job_id", "j1");
    return m;
  }

  @Test
  void registersWithDeviceInfoAndAgentInfo() {
    assertThat(agent.registration()).isEqualTo(Map.of("error", false, "message", "accepted"));
    Map<?, ?> register = backend.requests().getFirst();
    assertThat(register.get("endpoint")).isEqualTo("register");
    List<?> args = (List<?>) register.get("args");
    assertThat(((Map<?, ?>) args.get(0)).get("mercury_id")).isEqualTo(MERCURY_ID);
    Map<?, ?> info = (Map<?, ?>) args.get(1);
    assertThat(List.<Object>copyOf(info.keySet()))
        .containsExactly(
            "rpc_address", "rpc_address6", "rpc_port", "ping_port", "localtime", "capabilities");
    assertThat(info.get("rpc_address")).isEqualTo("127.0.0.1");
    assertThat(info.get("rpc_address6")).isNull();
    assertThat(info.get("rpc_port")).isEqualTo((long) agent.rpcPort());
    assertThat(info.get("ping_port")).isEqualTo((long) agent.pongPort());
    Map<?, ?> echo = (Map<?, ?>) ((Map<?, ?>) info.get("capabilities")).get("echo");
    assertThat(echo.get("num_args")).isEqualTo(1L);
    assertThat(echo.get("serial")).isEqualTo(false);
  }

  @Test
  void answersPingsWithTimestampLoadAndPong() throws Exception {
    Map<?, ?> pong =
        (Map<?, ?>)
            get(link.request(pongAddress(), Map.of("message", "ping", "timestamp", 1.5), LONG));
    assertThat(List.<Object>copyOf(pong.keySet())).containsExactly("timestamp", "load", "message");
    assertThat(pong.get("message")).isEqualTo("pong");
    assertThat(pong.get("timestamp")).isInstanceOf(Double.class);
    assertThat((List<?>) pong.get("load")).hasSize(3).allMatch(Double.class::isInstance);
  }

  @Test
  void anInvalidPingIsNeverAnsweredAsInTheOriginal() {
    CompletableFuture<Object> reply =
        link.request(pongAddress(), Map.of("message", "hello"), Duration.ofMillis(500));
    assertThatThrownBy(() -> get(reply))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("no reply from " + pongAddress());
  }

  @Test
  void theLivenessMonitorKeepsItAlive() {
    AtomicInteger pongs = new AtomicInteger();
    PingSettings fast =
        new PingSettings(
            Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofSeconds(2), 2, 0.42, 10);
    try (LivenessMonitor monitor =
        new LivenessMonitor(
            link,
            fast,
            (id, reason) -> {},
            (id, load) -> pongs.incrementAndGet())) {
      monitor.track(agent.mercuryId(), pongAddress());
      await().atMost(Duration.ofSeconds(30)).until(() -> pongs.get() >= 2);
      assertThat(monitor.tracked()).containsExactly(MERCURY_ID);
    }
  }

  @Test
  void echoIsAcceptedThenStartedAndCompletedThroughTheBackend() throws Exception {
    Map<?, ?> reply = rpc(echo("Hello World!"));
    assertThat(reply)
        .isEqualTo(
            Map.of(
                "message",
                Map.of(
                    "status",
                    0L,
                    "data",
                    mapOf("time_started", null, "message", "Hakuna matata"))));
    await().atMost(Duration.ofSeconds(30)).until(() -> backend.firstArgs("complete_task").size() == 1);
    Map<?, ?> started = backend.firstArgs("update_task").getFirst();
    assertThat(started.get("task_id")).isEqualTo("t1");
    assertThat(started.get("status")).isEqualTo("STARTED");
    assertThat(started.get("time_started")).isInstanceOf(Double.class);
    Map<?, ?> done = backend.firstArgs("complete_task").getFirst();
    assertThat(done.get("status")).isEqualTo("SUCCESS");
    assertThat(done.get("message")).isEqualTo("Hello World!");
    assertThat(done.get("traceback")).isNull();
    assertThat(done.get("job_id")).isEqualTo("j1");
    assertThat(done.get("task_id")).isEqualTo("t1");
    assertThat(done.get("action")).isEqualTo("Completed");
    assertThat(agent.received()).containsExactly(echo("Hello World!"));
    List<String> endpoints =
        backend.requests().stream().map(r -> (String) r.get("endpoint")).toList();
    assertThat(endpoints).containsExactly("register", "update_task", "complete_task");
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.backendReplies().size() == 2);
  }

  @Test
  void refusesWhatTheOriginalRefusesWithItsStatusCodes() throws Exception {
    Map<String, Object> unknown = echo("x");
    unknown.put("method", "reboot");
    assertThat(rpc(unknown)).isEqualTo(status(3, "reboot method is not supported"));

    Map<String, Object> noCategory = echo("x");
    noCategory.remove("category");
    assertThat(rpc(noCategory)).isEqualTo(status(1, "missing category, nothing to do"));

    Map<String, Object> badCategory = echo("x");
    badCategory.put("category", "boot");
    assertThat(rpc(badCategory)).isEqualTo(status(3, "invalid category"));

    Map<String, Object> noMethod = echo("x");
    noMethod.remove("method");
    assertThat(rpc(noMethod)).isEqualTo(status(3, "method not defined"));

    Map<String, Object> noTask = echo("x");
    noTask.remove("task_id");
    assertThat(rpc(noTask)).isEqualTo(status(3, "message is incomplete, missing task_id/job_id"));

    assertThat(rpc(echo("a", "b"))).isEqualTo(status(4, "arguments for echo are not satisfied"));

    assertThat(rpc(Map.of("_protocol_message", "keep_alive")))
        .isEqualTo(Map.of("_protocol_message", "keep_alive_confirmed"));

    assertThat(backend.firstArgs("update_task")).isEmpty();
    assertThat(agent.received()).hasSize(7);
  }

  private static Map<String, Object> status(int status, Object data) {
    return Map.of("message", Map.of("status", (long) status, "data", data));
  }

  private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
