package io.mercury.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mercury.bench.fleet.ChannelFleet;
import io.mercury.bench.fleet.FleetSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The backend killed with SIGKILL under 1,000 Mercury agents that hold a connection to it (the agent
 * channel, each agent its own connection, in four processes of simulated agents), and started again on
 * its port and data: first while the fleet is idle, then in the middle of a job whose echo takes a few
 * seconds on every agent. Each time every agent must hear from the new backend (its heartbeat answered
 * {@code known}, or a registration accepted) and a job on all of them must end SUCCESS on every device
 * with the agent's own result, each task executed once. The chaos stack runs plaintext; the CURVE
 * version of a reconnect is in mercury-rpc's {@code AgentChannelTest}, and the 1,000-agent CURVE figure
 * in {@code bin/mercury bench fleet --mercury-agents --curve --restart-backend}.
 */
@Tag("chaos")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendRestartTest {
  private static final int AGENTS = 1000;
  private static final Duration TASK_DELAY = Duration.ofSeconds(4);
  private static final Duration BACK_WITHIN = Duration.ofMinutes(2);

  private ChaosStack stack;
  private ChannelFleet fleet;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(ChaosStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    Path home = Path.of("target/chaos/restart-" + System.currentTimeMillis()).toAbsolutePath();
    Files.createDirectories(home);
    stack = new ChaosStack(home).start();
    fleet = ChannelFleet.plaintext(stack.backend(), home, AGENTS, 250, TASK_DELAY);
    assertThat(fleet.registerAll().get(5, TimeUnit.MINUTES)).as("registrations accepted").isEqualTo(AGENTS);
  }

  @AfterAll
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void everyAgentComesBackToARestartedBackendAndItsNextJobSucceeds() throws Exception {
    stack.kill9("backend");
    fleet.mark();
    long t0 = System.nanoTime();
    stack.start("backend");
    await().atMost(BACK_WITHIN).pollInterval(Duration.ofMillis(250)).until(fleet::back, back -> back == AGENTS);
    System.out.printf("all %d agents back %.1f s after the backend started again%n", AGENTS, (System.nanoTime() - t0) / 1e9);

    FleetSimulator.Stats before = fleet.stats();
    String jobId = createEcho("after an idle restart");
    assertThat(outcomes(awaitDone(jobId), "after an idle restart")).containsExactly(Map.entry("SUCCESS", (long) AGENTS));
    assertThat(fleet.stats().tasks() - before.tasks()).as("tasks executed").isEqualTo(AGENTS);
  }

  @Test
  @Order(2)
  void aJobInFlightWhenTheBackendIsKilledEndsSuccessOnEveryAgentEachTaskRunOnce() throws Exception {
    FleetSimulator.Stats before = fleet.stats();
    String jobId = createEcho("through a restart");
    // killed while tasks are running on the agents (each takes TASK_DELAY), some perhaps not yet dispatched
    await().atMost(Duration.ofMinutes(1)).until(() -> fleet.stats().tasks() - before.tasks() >= AGENTS / 2);
    stack.kill9("backend");
    stack.start("backend");
    Map<String, Object> job = awaitDone(jobId);
    assertThat(outcomes(job, "through a restart")).as("job %s", job.get("counts")).containsExactly(Map.entry("SUCCESS", (long) AGENTS));
    FleetSimulator.Stats after = fleet.stats();
    assertThat(after.tasks() - before.tasks()).as("tasks executed (a task delivered again is answered, not run)").isEqualTo(AGENTS);
    assertThat(after.reportsLost() - before.reportsLost()).as("results the agents gave up sending").isZero();
  }

  private String createEcho(String message) throws Exception {
    Map<?, ?> created =
        (Map<?, ?>) stack.call("create_job", Map.of("origin.name", ChaosStack.BACKEND_NAME), Map.of("method", "echo", "args", List.of(message)));
    assertThat(created).as("create_job found targets").isNotNull();
    assertThat(((Number) created.get("targets")).intValue()).as("targets").isEqualTo(AGENTS);
    return (String) created.get("job_id");
  }

  private Map<String, Object> awaitDone(String jobId) {
    return await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> map(stack.call(Duration.ofSeconds(10), "get_job", jobId)), j -> j.get("time_completed") != null);
  }

  /** Counts by status; a SUCCESS must carry the echo of {@code message}. */
  private Map<String, Long> outcomes(Map<String, Object> job, String message) throws Exception {
    Map<String, Object> projection = Map.of("task_id", 1, "status", 1, "message", 1, "reason", 1);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) map(stack.call("get_job_tasks", job.get("job_id"), projection)).get("tasks");
    Map<String, Long> counts = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (Map<String, Object> t : tasks) {
      counts.merge(String.valueOf(t.get("status")), 1L, Long::sum);
      if ("SUCCESS".equals(t.get("status")) && !message.equals(t.get("message"))) {
        wrong.add(t.get("task_id") + " SUCCESS with " + t.get("message"));
      } else if (!"SUCCESS".equals(t.get("status")) && wrong.size() < 20) {
        wrong.add(t.get("task_id") + " " + t.get("status") + ": " + t.get("reason"));
      }
    }
    assertThat(wrong).as("tasks not SUCCESS with their agent's echo (first 20)").isEmpty();
    return counts;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
