package io.mercury.rpc.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import io.mercury.testkit.ReplyPolicy;
import io.mercury.testkit.agent.FakeAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * The protocol-compatibility test: an agent that speaks only the original protocol, reading requests
 * without Mercury's backend or agent classes ({@link FakeAgent} with {@link ReplyPolicy#ORIGINAL}), registers with the real
 * backend, stays active by answering its pings, runs a job's task and completes it.
 */
class OriginalAgentCompatibilityTest {
  private static final String ID = "0110a1628669e487f48b3f8de13bebeafe2933c875";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void anOriginalAgentRegistersAnswersPingsRunsATaskAndCompletesIt() throws Exception {
    try (TestingInventory inventory = TestingInventory.start();
        TestingRpc rpc = TestingRpc.start(inventory.endpoint());
        FakeAgent agent =
            FakeAgent.builder(Map.of("mercury_id", ID, "dmi", Map.of("sys_vendor", "HP")), ReplyPolicy.ORIGINAL)
                .backend(rpc.backendEndpoint())
                .start();
        ZContext context = new ZContext();
        ServiceClient frontend = new ServiceClient(context, rpc.frontendEndpoint(), ClientSettings.defaults("rpc").withTimeout(Duration.ofSeconds(10)));
        ServiceClient inv = new ServiceClient(context, inventory.endpoint(), ClientSettings.defaults("inventory"))) {
      assertThat(map(map(agent.registration()).get("message"))).containsEntry("mercury_id", ID).containsEntry("backend", "local");
      Map<String, Object> device = map(inv.invoke(Request.of("get_one", ID), true));
      assertThat(map(device.get("active"))).containsEntry("rpc_port", (long) agent.rpcPort()).containsEntry("ping_port", (long) agent.pongPort());
      assertThat(map(device.get("origin"))).containsEntry("name", "local");

      Map<String, Object> created = map(frontend.invoke(Request.of("create_job", Map.of("dmi.sys_vendor", "HP"), Map.of("method", "echo", "args", List.of("Hello World!"))), false));
      assertThat(created).containsEntry("targets", 1L);
      String jobId = (String) created.get("job_id");
      await().atMost(Duration.ofSeconds(60)).until(() -> map(frontend.invoke(Request.of("get_job", jobId), true)).get("time_completed") != null);
      Map<String, Object> task = map(((List<?>) map(frontend.invoke(Request.of("get_job_tasks", jobId), true)).get("tasks")).get(0));
      assertThat(task).containsEntry("status", "SUCCESS").containsEntry("message", "Hello World!");
      assertThat(agent.received()).singleElement().satisfies(m -> assertThat(map(m))
          .containsEntry("category", "rpc").containsEntry("method", "echo").containsEntry("job_id", jobId)
          .containsEntry("task_id", task.get("task_id")).containsEntry("args", List.of("Hello World!")));
      assertThat(agent.backendReplies()).allSatisfy(r -> assertThat(map(r)).containsEntry("error", false));

      // the backend keeps pinging it (every half second) and it stays active
      int answered = agent.pingsAnswered();
      await().atMost(Duration.ofSeconds(30)).until(() -> agent.pingsAnswered() >= answered + 5);
      assertThat(map(inv.invoke(Request.of("get_one", ID), true)).get("active")).isNotNull();
    }
  }
}
