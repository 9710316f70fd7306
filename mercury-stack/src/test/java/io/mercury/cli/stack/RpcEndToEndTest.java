package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs through real processes: store, inventory, one frontend, two backends, and agents on distinct
 * ports. Tests that kill something bring their own agent.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcEndToEndTest {
  private TestStack stack;
  private TestStack.Service rpc;
  private TestStack.Service backendA;
  private TestStack.Service backendB;
  private TestStack.Agent agent1;
  private TestStack.Agent agent2;
  private TestStack.Agent agent3;
  private ServiceClient client;

  @BeforeAll
  void start(@TempDir Path home) throws Exception {
    assumeTrue(TestStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    stack = new TestStack(home).startCore();
    rpc = stack.rpc("rpc");
    backendA = stack.backend("dc-a");
    backendB = stack.backend("dc-b");
    agent1 = stack.agent("agent-1", backendA, "00000000-0000-4000-8000-000000000001");
    agent2 = stack.agent("agent-2", backendA, "00000000-0000-4000-8000-000000000002");
    agent3 = stack.agent("agent-3", backendB, "00000000-0000-4000-8000-000000000003");
    client = stack.client(rpc.address());
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private Object call(String endpoint, Object... args) throws Exception {
    return client.invoke(Request.of(endpoint, args), false);
  }

  private String submit(Map<String, Object> query, Map<String, Object> instruction) throws Exception {
    Map<String, Object> created = map(call("create_job", query, instruction));
    assertThat(created).as("create_job found targets").isNotNull();
    return (String) created.get("job_id");
  }

  private Map<String, Object> awaitDone(String jobId, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> map(call("get_job", jobId)).get("time_completed") != null);
    try {
      return map(call("get_job", jobId));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> tasks(String jobId) throws Exception {
    return (List<Map<String, Object>>) map(call("get_job_tasks", jobId)).get("tasks");
  }

  private Map<String, Object> taskOf(String jobId, String mercuryId) throws Exception {
    return tasks(jobId).stream().filter(t -> mercuryId.equals(t.get("mercury_id"))).findFirst().orElseThrow();
  }

  private static Map<String, Object> ids(TestStack.Agent... agents) {
    return Map.of("mercury_id", Map.of("$in", java.util.Arrays.stream(agents).map(TestStack.Agent::mercuryId).toList()));
  }

  @Test
  void echoAndRunSucceedOnEveryAgentThroughTwoBackends() throws Exception {
    String echo = submit(ids(agent1, agent2, agent3), Map.of("method", "echo", "args", List.of("hello")));
    Map<String, Object> job = awaitDone(echo, Duration.ofSeconds(30));
    assertThat(map(job.get("counts"))).containsEntry("SUCCESS", 3L);
    for (Map<String, Object> t : tasks(echo)) {
      assertThat(t).containsEntry("status", "SUCCESS").containsEntry("message", "hello");
      assertThat((List<?>) t.get("history")).extracting(h -> map(h).get("status")).containsSubsequence("NEW", "STARTED", "SUCCESS");
    }
    assertThat(taskOf(echo, agent3.mercuryId())).containsEntry("backend", "dc-b");
    assertThat(taskOf(echo, agent1.mercuryId())).containsEntry("backend", "dc-a");

    String run = submit(ids(agent1, agent3), Map.of("method", "run", "args", List.of(List.of("uname", "-s"))));
    awaitDone(run, Duration.ofSeconds(30));
    for (Map<String, Object> t : tasks(run)) {
      assertThat(t).containsEntry("status", "SUCCESS");
      assertThat(map(t.get("message"))).containsEntry("returncode", 0L).containsEntry("stdout", "Linux\n");
    }

    // a command that ran and failed is a failed task, in the task, the job's counts and its reason
    String failing = submit(ids(agent1), Map.of("method", "run", "args", List.of(List.of("sh", "-c", "echo out; exit 3"))));
    Map<String, Object> failed = awaitDone(failing, Duration.ofSeconds(30));
    assertThat(map(failed.get("counts"))).containsEntry("ERROR", 1L).containsEntry("SUCCESS", 0L);
    Map<String, Object> task = taskOf(failing, agent1.mercuryId());
    assertThat(task).containsEntry("status", "ERROR").containsEntry("reason", "the command exited with status 3");
    assertThat(map(task.get("message"))).containsEntry("returncode", 3L).containsEntry("stdout", "out\n");
  }

  @Test
  void badInstructionsUnknownMethodsAndWrongArgumentsFailWithTheReason() throws Exception {
    assertThatThrownBy(() -> submit(ids(agent1), Map.of("args", List.of("x"))))
        .isInstanceOf(RemoteException.class).hasMessageStartingWith("Contract invalid");
    String unknown = submit(ids(agent1), Map.of("method", "no_such_method"));
    awaitDone(unknown, Duration.ofSeconds(10));
    assertThat((String) taskOf(unknown, agent1.mercuryId()).get("reason")).startsWith(agent1.mercuryId() + " does not advertise method 'no_such_method'");
    String wrong = submit(ids(agent1), Map.of("method", "echo", "args", List.of("a", "b")));
    awaitDone(wrong, Duration.ofSeconds(10));
    assertThat((String) taskOf(wrong, agent1.mercuryId()).get("reason")).isEqualTo("arguments for echo are not satisfied: it takes 1 positional argument, the instruction gives 2");
  }

  @Test
  void aTaskThatOutlivesItsTimeoutBecomesTimeout() throws Exception {
    String job = submit(ids(agent2), Map.of("method", "run", "args", List.of(List.of("sleep", "30")), "timeout", 1.5));
    awaitDone(job, Duration.ofSeconds(30));
    Map<String, Object> task = taskOf(job, agent2.mercuryId());
    assertThat(task).containsEntry("status", "TIMEOUT");
    assertThat(task.get("time_completed")).isNotNull();
  }

  @Test
  void cancelStopsTheRemainingTasks() throws Exception {
    String job = submit(ids(agent1, agent3), Map.of("method", "run", "args", List.of(List.of("sleep", "61"))));
    await().atMost(Duration.ofSeconds(30)).until(() -> tasks(job).stream().allMatch(t -> "STARTED".equals(t.get("status"))));
    Map<String, Object> cancelled = map(call("cancel_job", job));
    assertThat(cancelled).containsEntry("cancelled", 2L);
    Map<String, Object> done = awaitDone(job, Duration.ofSeconds(5));
    assertThat(map(done.get("counts"))).containsEntry("CANCELLED", 2L);
    // the agents stopped the processes: a new run finds no sleep of this job left. The agents are told
    // after cancel_job answers, so each try is a new run
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String check = submit(ids(agent1), Map.of("method", "run", "args", List.of(List.of("pgrep", "-f", "sleep 61"))));
      awaitDone(check, Duration.ofSeconds(10));
      assertThat(map(taskOf(check, agent1.mercuryId()).get("message"))).containsEntry("returncode", 1L);
    });
  }

  @Test
  void anAgentKilledMidTaskEndsItInErrorAndBecomesInactive() throws Exception {
    TestStack.Agent doomed = stack.agent("agent-doomed", backendA, "00000000-0000-4000-8000-0000000000d1");
    String job = submit(ids(doomed), Map.of("method", "run", "args", List.of(List.of("sleep", "62"))));
    await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(taskOf(job, doomed.mercuryId()).get("status")));
    stack.kill9("agent-doomed");
    awaitDone(job, Duration.ofSeconds(40));
    Map<String, Object> task = taskOf(job, doomed.mercuryId());
    assertThat(task).containsEntry("status", "ERROR");
    assertThat((String) task.get("reason")).startsWith("agent went AWOL while handling the task");
    assertThat(stack.activeOrigin(doomed.mercuryId())).isNull();
  }

  @Test
  void frontendAndBackendKilledMidJobLoseNothing() throws Exception {
    String job = submit(ids(agent1, agent2), Map.of("method", "run", "args", List.of(List.of("sh", "-c", "sleep 3; echo done"))));
    await().atMost(Duration.ofSeconds(30)).until(() -> tasks(job).stream().allMatch(t -> "STARTED".equals(t.get("status"))));
    stack.kill9("dc-a");
    stack.kill9("rpc");
    stack.restart("rpc");
    stack.restart("dc-a");
    Map<String, Object> done = awaitDone(job, Duration.ofSeconds(60));
    assertThat(map(done.get("counts"))).containsEntry("SUCCESS", 2L);
    for (Map<String, Object> t : tasks(job)) {
      assertThat(map(t.get("message"))).containsEntry("stdout", "done\n").containsEntry("returncode", 0L);
    }
    // the agents are still served by the restarted backend
    String after = submit(ids(agent1, agent2), Map.of("method", "echo", "args", List.of("again")));
    assertThat(map(awaitDone(after, Duration.ofSeconds(30)).get("counts"))).containsEntry("SUCCESS", 2L);
  }
}
