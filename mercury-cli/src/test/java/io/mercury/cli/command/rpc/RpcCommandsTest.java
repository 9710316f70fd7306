package io.mercury.cli.command.rpc;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.agent.testing.TestingAgent;
import io.mercury.cli.client.Endpoints;
import io.mercury.cli.output.ShellOutput;
import io.mercury.cli.testing.McliRun;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rpc commands and the shell against a real inventory, rpc frontend and backend, and two real
 * agents, all in this process.
 */
@Tag("e2e")
class RpcCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONG = Duration.ofSeconds(30);
  private static TestingInventory inventory;
  private static TestingRpc rpc;
  private static TestingAgent agentA;
  private static TestingAgent agentB;
  /** The agents' mercury_ids, sorted as the commands list them. */
  private static String a;
  private static String b;

  @BeforeAll
  static void startFleet() throws Exception {
    inventory = TestingInventory.start();
    rpc = TestingRpc.start(inventory.endpoint());
    agentA = TestingAgent.start(rpc.backendEndpoint());
    agentB = TestingAgent.start(rpc.backendEndpoint());
    List<String> ids = Stream.of(agentA.mercuryId(), agentB.mercuryId()).sorted().toList();
    a = ids.get(0);
    b = ids.get(1);
    await().atMost(LONG).until(() -> run("inventory", "count", "--active").out().equals("2\n"));
  }

  @AfterAll
  static void stopFleet() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {agentA, agentB, rpc, inventory}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static McliRun run(String... args) {
    return runWithInput("", args);
  }

  private static McliRun runWithInput(String stdin, String... args) {
    return mcli(
        stdin,
        Map.of(Endpoints.INVENTORY_ENV, inventory.endpoint(), Endpoints.RPC_ENV, rpc.frontendEndpoint(), "USER", "ops"),
        args);
  }

  private static Map<String, Object> doc(String json) throws Exception {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  private static String submit(String... args) throws Exception {
    McliRun run = run(Stream.concat(Stream.of("rpc", "submit", "--json", "--no-wait"), Stream.of(args)).toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return (String) doc(run.out()).get("job_id");
  }

  private static Map<String, Object> job(String jobId) throws Exception {
    return doc(run("rpc", "job", jobId, "--json").out());
  }

  @Test
  void echoOnTwoTargetsWaitsAndPrintsEachResultThenTheSummary() {
    McliRun run = run("rpc", "-t", a + "," + b, "echo", "hello");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("== " + a + " SUCCESS\nhello\n== " + b + " SUCCESS\nhello\n");
    assertThat(run.errLines().getFirst()).matches("job [0-9a-f-]{36}: 2 targets");
    assertThat(run.errLines().getLast()).matches("SUMMARY job [0-9a-f-]{36}: 2 targets, 2 SUCCESS in \\d+\\.\\ds");
    assertThat(run.errLines()).anyMatch(l -> l.startsWith("[####################] 2/2 done  2 SUCCESS  "));
  }

  @Test
  void filtersSelectTheTargetsAndJsonPrintsTaskDocuments() throws Exception {
    McliRun run = run("rpc", "--json", "mercury_id=" + b, "echo", "hi");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines()).hasSize(1);
    Map<String, Object> task = doc(run.out());
    assertThat(task).containsEntry("mercury_id", b).containsEntry("status", "SUCCESS").containsEntry("message", "hi");
  }

  @Test
  void runPrintsStdoutAndTheReturnCode() {
    McliRun run = run("rpc", "-t", a, "-w", "--", "run", "echo -n out");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("== " + a + " SUCCESS returncode 0\nout\n");
  }

  @Test
  void runTakesTheWordsAfterItAsOneCommand() {
    McliRun run = run("rpc", "-t", a, "run", "ls", "-d", "/");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("== " + a + " SUCCESS returncode 0\n/\n");
  }

  @Test
  void wordsAfterTheMethodAreItsArgumentsEvenWhenTheyLookLikeOptions() {
    McliRun run = run("rpc", "-t", a, "run", "echo", "-w", "--json", "-t", "x");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("== " + a + " SUCCESS returncode 0\n-w --json -t x\n");
  }

  @Test
  void theWholeFleetTakesAllAndNoWaitReturnsTheJobId() throws Exception {
    McliRun none = run("rpc", "echo", "hi");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).isEqualTo("mcli: no targets: give FILTERs, -t MERCURY_ID or -q JSON, or --all for every active device\n");
    assertThat(run("rpc", "--all", "-t", a, "echo", "hi").err()).contains("--all selects every active device");

    McliRun detached = run("rpc", "--all", "--no-wait", "echo", "hi");
    assertThat(detached.exitCode()).as(detached.err()).isZero();
    assertThat(detached.out()).matches("job [0-9a-f-]{36}: 2 targets\n");
    assertThat(run("rpc", "--no-wait", "--wait-timeout", "3", "-t", a, "echo", "hi").err())
        .isEqualTo("mcli: --no-wait contradicts --wait-timeout\n");
  }

  @Test
  void idsMayBeShortenedAndDevicesNamedByPrefixOrHostName() throws Exception {
    String jobId = submit("-t", a, "-m", "echo", "-a", "short");
    await().atMost(LONG).until(() -> job(jobId).get("time_completed") != null);
    assertThat(job(jobId.substring(0, 8))).containsEntry("job_id", jobId);
    String taskId = (String) doc(run("rpc", "job", jobId.substring(0, 6), "--tasks", "--json").outLines().getFirst()).get("task_id");
    assertThat(doc(run("rpc", "task", taskId.substring(0, 7), "--json").out())).containsEntry("task_id", taskId);
    assertThat(run("rpc", "job", "ffff0000").err()).isEqualTo("mcli: no job ffff0000\n");

    McliRun byPrefix = run("rpc", "-t", a.substring(0, 12), "echo", "prefix");
    assertThat(byPrefix.exitCode()).as(byPrefix.err()).isZero();
    assertThat(byPrefix.out()).startsWith("== " + a + " SUCCESS");
    assertThat(doc(run("inventory", "get", a.substring(0, 12), "--json").out())).containsEntry("mercury_id", a);
    McliRun nobody = run("rpc", "-t", "0fffffff", "echo", "x");
    assertThat(nobody.exitCode()).isEqualTo(1);
    assertThat(nobody.err()).isEqualTo("mcli: no device matches -t 0fffffff\n");

    int common = 0;
    while (a.charAt(common) == b.charAt(common)) {
      common++;
    }
    if (common >= 4) {
      assertThat(run("inventory", "get", a.substring(0, common)).err())
          .contains("matches").contains(a).contains(b).contains("give more of the mercury_id");
    }
    Object host = ((Map<?, ?>) doc(run("inventory", "get", a, "--json").out()).getOrDefault("agent_info", Map.of())).get("hostname");
    if (host instanceof String name) {
      // both test agents run on this machine and report its host name: naming it is ambiguous
      McliRun byName = run("rpc", "-t", name, "echo", "x");
      assertThat(byName.exitCode()).isEqualTo(1);
      assertThat(byName.err()).contains("'" + name + "' matches").contains(a).contains(b);
    }
  }

  @Test
  void submitThenJobStatusTasksJobsAndTask() throws Exception {
    String jobId = submit("-t", a, "-m", "echo", "-a", "hi");
    await().atMost(LONG).until(() -> job(jobId).get("time_completed") != null);

    Map<String, Object> job = job(jobId);
    assertThat(job).containsEntry("requested_by", "ops@" + RequestedBy.localHost()).containsEntry("task_count", 1);

    McliRun status = run("rpc", "job", jobId, "--status");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("job_id        " + jobId + "\n", "counts        1 SUCCESS\n", "has_failures  no\n");

    McliRun tasks = run("rpc", "job", jobId, "--tasks");
    assertThat(tasks.outLines()).hasSize(2);
    assertThat(tasks.outLines().get(1)).matches("\\S+  " + a + "  SUCCESS  \\S+Z  \\S+Z  -");

    McliRun jobs = run("rpc", "jobs");
    assertThat(jobs.exitCode()).isZero();
    assertThat(jobs.outLines().getFirst()).startsWith("JOB_ID").contains("METHOD", "ARGS", "TARGETS", "COUNTS", "REQUESTED_BY");
    assertThat(jobs.outLines()).anyMatch(l -> l.matches(jobId + "  echo +hi +1  1 SUCCESS +\\S+Z  \\S+Z  ops@.*"));

    String taskId = tasks.outLines().get(1).split(" ")[0];
    McliRun task = run("rpc", "task", taskId, "--json");
    assertThat(doc(task.out())).containsEntry("job_id", jobId).containsEntry("message", "hi");
  }

  @Test
  void jobAndTaskAreReadableByDefault() throws Exception {
    String jobId = submit("-t", a, "-m", "echo", "-a", "hi there");
    await().atMost(LONG).until(() -> job(jobId).get("time_completed") != null);

    McliRun view = run("rpc", "job", jobId);
    assertThat(view.exitCode()).as(view.err()).isZero();
    assertThat(view.out())
        .startsWith("job_id        " + jobId + "\nstate         finished\nmethod        echo 'hi there'\n")
        .containsPattern("\ncreated       \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n")
        .contains("\ntasks         1: 1 SUCCESS\n\nTASK_ID ");
    String line = view.outLines().getLast();
    assertThat(line).matches("\\S+  " + a + "  SUCCESS  \\d+\\.\\ds +-");

    assertThat(run("rpc", "job", jobId, "--output").out()).isEqualTo("== " + a + " SUCCESS\nhi there\n");
    assertThat(run("rpc", "job", jobId, "-o", "--json").outLines()).singleElement().satisfies(l -> assertThat(l).startsWith("{"));

    String taskId = line.split(" ")[0];
    McliRun task = run("rpc", "task", taskId);
    assertThat(task.exitCode()).as(task.err()).isZero();
    assertThat(task.out())
        .startsWith("task_id     " + taskId + "\njob_id      " + jobId + "\nmercury_id  " + a + "\n")
        .contains("\nstate       SUCCESS\n", "\n-- output\nhi there\n-- history\n")
        .containsPattern("\n\\S+Z  NEW\n(.*\n)*\\S+Z  SUCCESS\n$")
        .doesNotContain("E9");
  }

  @Test
  void jobsAreListedNewestFirst() throws Exception {
    String first = submit("-t", a, "-m", "echo", "-a", "1");
    String second = submit("-t", a, "-m", "echo", "-a", "2");

    List<String> ids = run("rpc", "jobs", "--json").outLines().stream().map(l -> {
      try {
        return (String) doc(l).get("job_id");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).toList();

    assertThat(ids).containsSubsequence(second, first);
  }

  @Test
  void aMethodNoTargetOffersCreatesNoJobAndSaysWhy() {
    McliRun run = run("rpc", "-t", a, "no_such_method");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no job created: none of the 1 target(s) can run it; " + a + " does not advertise method 'no_such_method' (it offers: ");
    assertThat(run("rpc", "-t", a, "run").err()).contains("no job created").contains("arguments for run are not satisfied");
  }

  @Test
  void aTaskOverItsTimeoutIsANonResponder() {
    McliRun run = run("rpc", "-t", b, "-k", "{\"seconds\": 30}", "--task-timeout", "0.5", "test_sleep");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).startsWith("== " + b + " TIMEOUT");
    assertThat(run.err()).contains("1 TIMEOUT", "no reply (1):\n  " + b + "  TIMEOUT");
  }

  @Test
  void aWaitThatEndsFirstListsTheUnfinishedTargets() throws Exception {
    McliRun run = run("rpc", "-t", a, "-k", "{\"seconds\": 20}", "--wait-timeout", "0.5", "--json", "test_sleep");

    assertThat(run.exitCode()).isEqualTo(3);
    Map<String, Object> task = doc(run.out());
    assertThat(task.get("time_completed")).isNull();
    assertThat(run.err()).containsPattern("no reply \\(1\\):\n  " + a + "  (NEW|DISPATCHED|STARTED)  still \\w+ when the wait ended");
    assertThat(run("rpc", "cancel", (String) task.get("job_id")).exitCode()).isZero();
  }

  @Test
  void cancelStopsARunningJob() throws Exception {
    String jobId = submit("-t", b, "-m", "test_serial_sleep", "-k", "{\"seconds\": 30}");
    await().atMost(LONG).until(() -> run("rpc", "job", jobId, "--tasks").out().contains(" STARTED "));

    McliRun cancel = run("rpc", "cancel", jobId);

    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).isEqualTo("job " + jobId + ": 1 task cancelled\n");
    await().atMost(LONG).until(() -> job(jobId).get("time_completed") != null);
    assertThat(run("rpc", "job", jobId, "--tasks").outLines().get(1)).contains(" CANCELLED ", "cancelled by ops@");
    assertThat(run("rpc", "cancel", jobId, "--json").out()).isEqualTo("{\"job_id\":\"" + jobId + "\",\"cancelled\":0}\n");
  }

  @Test
  void unknownJobsTasksAndNoMatchFailWithOneLine() {
    assertThat(run("rpc", "job", "nope").err()).isEqualTo("mcli: no job nope\n");
    assertThat(run("rpc", "job", "nope", "--tasks").err()).isEqualTo("mcli: no job nope\n");
    assertThat(run("rpc", "task", "nope").err()).isEqualTo("mcli: no task nope\n");
    McliRun cancel = run("rpc", "cancel", "nope");
    assertThat(cancel.exitCode()).isEqualTo(1);
    assertThat(cancel.err()).isEqualTo("mcli: rpc error: no job nope\n");
    McliRun none = run("rpc", "dmi.sys_vendor=Nobody", "echo", "hi");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).isEqualTo("mcli: no active device matches\n");
  }

  @Test
  void listShowsTheAgentsCapabilities() {
    McliRun run = run("rpc", "list", a);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines()).anyMatch(l -> l.matches("echo +\\S.*"));
    assertThat(run.outLines()).anyMatch(l -> l.matches("run +COMMAND \\[ARG\\.\\.\\.\\] .*"));
  }

  @Test
  void shellRunsEachLineOnEveryTargetWithLabelledOutput() {
    Map<String, String> labels = ShellOutput.labels(List.of(a, b));

    McliRun run = runWithInput("echo hi\n\nfalse\nexit\necho never\n", "shell", "-t", a, "-t", b);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).isEqualTo(labels.get(a) + ": hi\n" + labels.get(b) + ": hi\n");
    assertThat(run.err())
        .contains(labels.get(a) + ": exit status 1\n", labels.get(b) + ": exit status 1\n")
        .doesNotContain("never");
    // a line whose command exits non-zero is a failed job, in its counts as in its summary
    assertThat(run.errLines()).filteredOn(l -> l.startsWith("SUMMARY job ")).satisfiesExactly(
        echo -> assertThat(echo).contains(": 2 targets, 2 SUCCESS in "),
        failed -> assertThat(failed).contains(": 2 targets, 2 ERROR in "));
  }
}
