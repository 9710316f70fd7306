package io.mercury.agent;

import static io.mercury.agent.AgentFixture.newTaskId;
import static io.mercury.agent.AgentFixture.rpc;
import static io.mercury.agent.RpcProtocolTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskExecutionTest {
  private AgentFixture f;
  @TempDir Path tmp;

  @BeforeEach
  void start() throws Exception {
    f = new AgentFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private Map<String, Object> runToCompletion(String method, List<?> args, Map<String, ?> kwargs) {
    String id = newTaskId();
    assertThat(f.status(rpc(id, method, args, kwargs))).containsEntry("status", 0L);
    return f.backend.awaitCompletion(id);
  }

  @Test
  void echoReportsSuccessWithItsStartAndTimes() {
    String id = newTaskId();
    f.status(rpc(id, "echo", List.of("hello"), Map.of()));
    Map<String, Object> done = f.backend.awaitCompletion(id);

    assertThat(done).containsEntry("status", "SUCCESS").containsEntry("message", "hello")
        .containsEntry("traceback", null).containsEntry("job_id", "job-" + id).containsEntry("action", "Completed")
        .containsKeys("time_started", "time_completed");
    // a task this short usually ends within the STARTED's wait, which its result then stands for
    assertThat(f.backend.reports("update_task", id)).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void aTaskLongerThanTheStartedWaitReportsStartedThenItsResult() {
    String id = newTaskId();
    double seconds = ResultReporter.STARTED_HOLD.multipliedBy(6).toMillis() / 1000.0;
    f.status(rpc(id, "test_sleep", List.of(), Map.of("seconds", seconds)));
    f.backend.awaitCompletion(id);

    List<Map<String, Object>> started = f.backend.reports("update_task", id);
    assertThat(started).hasSize(1);
    assertThat(started.get(0)).containsEntry("status", "STARTED").containsEntry("job_id", "job-" + id)
        .containsKey("time_started");
    List<String> order = f.backend.requests().stream()
        .filter(r -> r.get("args") instanceof List<?> a && !a.isEmpty() && a.get(0) instanceof Map<?, ?> m
            && id.equals(m.get("task_id")))
        .map(r -> (String) r.get("endpoint")).toList();
    assertThat(order).containsExactly("update_task", "complete_task");
  }

  @Test
  void runReturnsOutputAndReturnCode() {
    Map<String, Object> done = runToCompletion("run", List.of("sh -c 'echo out; echo err >&2; exit 3'"), Map.of());

    assertThat(done).containsEntry("status", "SUCCESS");
    assertThat(map(done.get("message"))).containsEntry("stdout", "out\n").containsEntry("stderr", "err\n")
        .containsEntry("returncode", 3L);
  }

  @Test
  void runTakesAListAndFeedsInput() {
    Map<String, Object> done = runToCompletion("run", List.of(List.of("cat")), Map.of("_input", "line one\n"));

    assertThat(map(done.get("message"))).containsEntry("stdout", "line one\n").containsEntry("returncode", 0L);
  }

  @Test
  void runOfAMissingProgramIsAnErrorThatSaysSo() {
    Map<String, Object> done = runToCompletion("run", List.of("no-such-program-here --x"), Map.of());

    assertThat(done).containsEntry("status", "ERROR").containsEntry("message", null);
    assertThat((String) map(done.get("traceback")).get("exc_value"))
        .contains("cannot run no-such-program-here").contains("not found");
    assertThat((java.util.List<?>) map(done.get("traceback")).get("stack")).isNotEmpty();
  }

  @Test
  void aCapabilityThatThrowsIsErrorWithTraceback() {
    Map<String, Object> done = runToCompletion("test_fail", List.of(), Map.of());

    assertThat(done).containsEntry("status", "ERROR").containsEntry("message", null);
    Map<String, Object> tb = map(done.get("traceback"));
    assertThat(tb).containsEntry("exc_type", "java.lang.IllegalStateException").containsEntry("exc_value", "deliberate failure");
    assertThat(map(((List<?>) tb.get("stack")).get(0))).containsKeys("path", "line", "scope", "code");
  }

  @Test
  void aResultWithTruthyErrorIsError() {
    Map<String, Object> done = runToCompletion("test_error_result", List.of(), Map.of());

    assertThat(done).containsEntry("status", "ERROR");
    assertThat(map(done.get("message"))).containsEntry("error", true);
  }

  @Test
  void progressIsReported() {
    String id = newTaskId();
    f.status(rpc(id, "test_progress", List.of(), Map.of()));
    f.backend.awaitCompletion(id);

    assertThat(f.backend.reports("update_task", id))
        .anySatisfy(u -> assertThat(u).containsEntry("action", "Halfway").containsEntry("progress", 0.5));
  }

  @Test
  void timeoutCompletesAsTimeoutAndKillsTheProcessTree() throws Exception {
    Path pids = tmp.resolve("pids");
    String id = newTaskId();
    Map<String, Object> msg = new HashMap<>(rpc(id, "run",
        List.of(List.of("sh", "-c", "sleep 300 & echo $$ $! > " + pids + "; wait")), Map.of()));
    msg.put("timeout", 1.5);
    assertThat(f.status(msg)).containsEntry("status", 0L);

    Map<String, Object> done = f.backend.awaitCompletion(id);

    assertThat(done).containsEntry("status", "TIMEOUT").containsEntry("reason", "timed out after 1.5 s");
    for (String pid : Files.readString(pids).strip().split(" ")) {
      await().atMost(Duration.ofSeconds(20))
          .until(() -> ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true));
    }
  }

  @Test
  void cancelCompletesAsCancelledAndStopsTheProcess() throws Exception {
    Path pid = tmp.resolve("pid");
    String id = newTaskId();
    f.status(rpc(id, "run", List.of(List.of("sh", "-c", "echo $$ > " + pid + "; exec sleep 300")), Map.of()));
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());

    assertThat(map(f.status(Map.of("category", "cancel", "task_id", id, "job_id", "job-" + id)).get("data")))
        .containsEntry("cancelled", true);

    assertThat(f.backend.awaitCompletion(id)).containsEntry("status", "CANCELLED");
    long p = Long.parseLong(Files.readString(pid).strip());
    await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void aDuplicateTaskIdIsNotRunTwice() throws Exception {
    Path out = tmp.resolve("runs");
    String id = newTaskId();
    Map<String, Object> msg = rpc(id, "run", List.of(List.of("sh", "-c", "echo ran >> " + out)), Map.of());
    assertThat(f.status(msg)).containsEntry("status", 0L);
    f.backend.awaitCompletion(id);

    Map<String, Object> again = f.status(msg);

    assertThat(again).containsEntry("status", 0L);
    assertThat(map(again.get("data"))).containsEntry("duplicate", true).containsEntry("message", "already have task " + id);
    assertThat(Files.readAllLines(out)).containsExactly("ran");
  }

  @Test
  void aDuplicateOfARunningTaskIsNotStartedAgain() {
    String id = newTaskId();
    Map<String, Object> msg = rpc(id, "test_sleep", List.of(), Map.of("seconds", 60));
    f.status(msg);

    assertThat(map(f.status(msg).get("data"))).containsEntry("duplicate", true);
    // its STARTED, once the wait for a result has ended (a cancel within it would stand for it)
    await().atMost(Duration.ofSeconds(30)).until(() -> f.backend.reports("update_task", id).size() == 1);
    f.status(Map.of("category", "cancel", "task_id", id, "job_id", "j"));
    f.backend.awaitCompletion(id);
    assertThat(f.backend.reports("update_task", id)).hasSize(1);
  }
}
