package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.OriginalBackend;
import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.Param;
import io.mercury.common.dispatch.ParamType;
import io.mercury.common.store.audit.MemoryAudit;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** The agent enrols before it registers, and registers only once its key is accepted. */
class EnrolmentTest {
  private final ZContext context = new ZContext();
  private OriginalBackend backend;
  private RouterServer enrolment;
  private final MemoryAudit audit = new MemoryAudit();
  private final AtomicReference<String> answer = new AtomicReference<>("pending");
  private final List<List<Object>> enrolCalls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    backend = OriginalBackend.start(context);
    EndpointRegistry registry =
        new EndpointRegistry()
            .register(
                "enrol",
                Access.AGENT,
                a -> {
                  enrolCalls.add(java.util.Arrays.asList(a.string("mercury_id"), a.string("hostname"), a.string("token")));
                  String status = answer.get();
                  if (status.equals("error")) {
                    throw new EndpointException("too many keys are pending");
                  }
                  return Map.of("status", status, "fingerprint", "0123456789abcdef", "message", "test");
                },
                Param.required("mercury_id", ParamType.STRING),
                Param.optional("hostname", ParamType.STRING, null),
                Param.optional("token", ParamType.STRING, null));
    enrolment = new RouterServer(context, ServerSettings.of("enrol", "tcp://127.0.0.1:0"), new Dispatcher("enrol", registry, audit.trail("enrol")));
    enrolment.start();
  }

  @AfterEach
  void stop() throws Exception {
    enrolment.close();
    backend.close();
    context.close();
    audit.close();
  }

  private TestingAgent agent(String token) throws Exception {
    EnrolmentConfig config =
        new EnrolmentConfig(enrolment.endpoint(), token, Duration.ofMillis(50), Duration.ofMillis(200));
    return TestingAgent.start(backend.endpoint(), c -> c.withEnrolment(config));
  }

  @Test
  void aPendingAgentWaitsAndRegistersOnceAccepted() throws Exception {
    try (TestingAgent agent = agent("tok-1")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> enrolCalls.size() >= 3);
      assertThat(agent.service().registrations()).isZero();
      assertThat(backend.calls("register")).isEmpty();

      answer.set("accepted");
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.service().registrations() == 1);
      assertThat(enrolCalls.getFirst().get(0)).isEqualTo(agent.mercuryId());
      assertThat(enrolCalls.getFirst().get(2)).isEqualTo("tok-1");
    }
  }

  @Test
  void refusalsAndRejectionsAreRetriedUntilAccepted() throws Exception {
    answer.set("error");
    try (TestingAgent agent = agent(null)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> enrolCalls.size() >= 2);
      answer.set("rejected");
      int seen = enrolCalls.size();
      await().atMost(Duration.ofSeconds(20)).until(() -> enrolCalls.size() >= seen + 2);
      assertThat(agent.service().registrations()).isZero();
      assertThat(enrolCalls).allSatisfy(call -> assertThat(call.get(2)).isNull());

      answer.set("accepted");
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.service().registrations() == 1);
    }
  }

  @Test
  void withoutEnrolmentTheAgentRegistersDirectly() throws Exception {
    try (TestingAgent agent = TestingAgent.start(backend.endpoint())) {
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.service().registrations() == 1);
      assertThat(enrolCalls).isEmpty();
    }
  }

  @Test
  void theEnrolmentAddressDefaultsToTheBackendsHostOnPort9008() {
    assertThat(EnrolmentConfig.defaultUrl("tcp://backend:9002")).isEqualTo("tcp://backend:9008");
    assertThat(EnrolmentConfig.defaultUrl("tcp://10.0.0.1:9002")).isEqualTo("tcp://10.0.0.1:9008");
    assertThat(EnrolmentConfig.defaultUrl("tcp://backend")).isEqualTo("tcp://backend:9008");
    assertThat(EnrolmentConfig.of("tcp://b:9008", " ").token()).isNull();
  }
}
