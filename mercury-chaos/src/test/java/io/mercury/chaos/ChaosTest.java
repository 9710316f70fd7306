package io.mercury.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mercury.common.protocol.Request;
import io.mercury.common.testing.PartitionProxy;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * 1,000 tasks (five jobs at once on 200 simulated agents) with each daemon killed with SIGKILL in the
 * middle of them and started again on the same port and data; then a partition between the backend and 20 other agents,
 * shorter and longer than the liveness window; then 10 % of the agents killed mid-task. After each: every
 * task is terminal, SUCCESS carries the result its own agent produced and acknowledged, ERROR says the
 * agent went AWOL (only where an agent died or was cut off), no agent executed a task twice, and the
 * recovery times go to {@link RecoveryReport}.
 *
 * <p>Why 200 agents with five tasks each rather than one job on 1,000 agents: a job has one task per
 * device, so a single 1,000-task job needs 1,000 agents, and on this shared 2-core machine (load
 * average 15 to 30 while other engineers build) 1,000 agents pinged every 5 s plus the fan-out starved
 * every process: pings waited 30 s in the backend, healthy agents were declared lost, and one fault
 * took minutes. Five concurrent jobs on 200 agents put the same 1,000 tasks through dispatch, the
 * store and the agents' reports, with a fifth of the pinging and sockets. The simulator gives each
 * agent its own sockets, so each can be killed alone and each execution is known per agent.
 */
@Tag("chaos")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosTest {
  private static final int AGENTS = 200;
  private static final int JOBS = 5;
  private static final int PARTITIONED = 20;
  private static final Duration JOB_WITHIN = Duration.ofSeconds(90);
  private static final String AWOL = "agent went AWOL while handling the task";

  private final RecoveryReport report = new RecoveryReport();
  private ChaosStack stack;
  private ChaosFleet fleet;
  private ChaosFleet cutOff;
  private PartitionProxy partition;
  private final Map<String, Integer> fleetIndex = new HashMap<>();
  private final Map<String, Integer> cutOffIndex = new HashMap<>();

  @BeforeAll
  void start() throws Exception {
    assumeTrue(ChaosStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    // kept after the run (the daemons' logs are the evidence when a fault is not survived)
    Path home = Path.of("target/chaos/stack-" + System.currentTimeMillis()).toAbsolutePath();
    java.nio.file.Files.createDirectories(home);
    stack = new ChaosStack(home).start();
    fleet = new ChaosFleet(stack.backend(), new ChaosFleet.Settings(AGENTS, Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30), 0));
    partition = new PartitionProxy();
    int backendPort = Integer.parseInt(stack.backend().replaceAll(".*:", ""));
    String backendThroughPartition = ChaosStack.tcp(partition.forward(backendPort));
    cutOff = new ChaosFleet(backendThroughPartition, new ChaosFleet.Settings(PARTITIONED, Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(8), 50_000));
    Map<Integer, Integer> proxied = new HashMap<>();
    for (int i = 0; i < PARTITIONED; i++) {
      proxied.put(cutOff.rpcPort(i), partition.forward(cutOff.rpcPort(i)));
      proxied.put(cutOff.pongPort(i), partition.forward(cutOff.pongPort(i)));
    }
    cutOff.advertise(proxied::get);
    for (int i = 0; i < AGENTS; i++) {
      fleetIndex.put(fleet.mercuryId(i), i);
    }
    for (int i = 0; i < PARTITIONED; i++) {
      cutOffIndex.put(cutOff.mercuryId(i), i);
    }
    fleet.registerAll();
    cutOff.registerAll();
    await().atMost(Duration.ofMinutes(2)).until(() -> fleet.registrations() >= AGENTS && cutOff.registrations() >= PARTITIONED);
  }

  @AfterAll
  void stop() {
    report.write(Path.of("target/chaos/recovery.md"));
    for (AutoCloseable c : new AutoCloseable[] {fleet, cutOff, partition, stack}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what is left
      }
    }
  }

  @Test
  @Order(1)
  void storeKilledMidJob() throws Exception {
    killAndRestartMidJob("store");
  }

  @Test
  @Order(2)
  void inventoryKilledMidJob() throws Exception {
    killAndRestartMidJob("inventory");
  }

  @Test
  @Order(3)
  void frontendKilledMidJob() throws Exception {
    killAndRestartMidJob("rpc");
  }

  @Test
  @Order(4)
  void backendKilledMidJob() throws Exception {
    killAndRestartMidJob("backend");
  }

  @Test
  @Order(5)
  void logServiceKilledMidJob() throws Exception {
    killAndRestartMidJob("log");
  }

  @Test
  @Order(6)
  void aPartitionShorterThanTheLivenessWindowDelaysTheJobOnly() throws Exception {
    String job = submit(cutOffIndex.keySet(), "short-partition");
    await().atMost(JOB_WITHIN).until(() -> executed(cutOff, job) >= PARTITIONED / 2);
    long cut = System.nanoTime();
    partition.cut();
    await().pollDelay(Duration.ofMillis(1500)).until(() -> true); // the partition lasts 1.5 s: a fault's length, not a wait for a condition
    partition.heal();
    long healed = System.nanoTime();
    Map<String, Object> done = awaitDone(job);
    long completed = System.nanoTime();
    Map<String, Long> counts = verify(job, cutOff, cutOffIndex, i -> false);
    assertThat(counts).containsOnlyKeys("SUCCESS");
    report.add(new RecoveryReport.Row("partition backend ↔ 20 agents for 1.5 s (within the liveness window)",
        seconds(healed - cut), since(cutOff.firstAckAfter(healed), healed), seconds(completed - healed), outcome(counts, done)));
  }

  @Test
  @Order(7)
  void aPartitionLongerThanTheLivenessWindowEndsTasksAsAwolAndHealsByItself() throws Exception {
    String job = submit(cutOffIndex.keySet(), "long-partition");
    await().atMost(JOB_WITHIN).until(() -> executed(cutOff, job) >= PARTITIONED);
    long registeredBefore = cutOff.registrations();
    long cut = System.nanoTime();
    partition.cut();
    Map<String, Object> done = awaitDone(job); // every agent declared lost while cut off
    long declared = System.nanoTime();
    partition.heal();
    long healed = System.nanoTime();
    Map<String, Long> counts = verify(job, cutOff, cutOffIndex, i -> true);
    assertThat(counts).containsOnlyKeys("ERROR");
    // the agents register again by themselves (no ping for 8 s) and serve a new job
    await().atMost(Duration.ofSeconds(60)).until(() -> cutOff.registrations() >= registeredBefore + PARTITIONED);
    long reregistered = System.nanoTime();
    String after = submit(cutOffIndex.keySet(), "after-partition");
    awaitDone(after);
    assertThat(verify(after, cutOff, cutOffIndex, i -> false)).containsOnlyKeys("SUCCESS");
    // results finished behind the partition reached the backend after healing and were refused as late
    await().atMost(Duration.ofSeconds(30)).until(() -> cutOff.acknowledged().keySet().containsAll(taskIds(job)));
    for (String taskId : taskIds(job)) {
      assertThat(String.valueOf(cutOff.acknowledged(taskId).reply())).as("late result of %s", taskId).contains("ignored");
    }
    report.add(new RecoveryReport.Row(
        String.format("partition backend ↔ 20 agents until all were declared lost (%.1f s)", seconds(declared - cut)),
        seconds(healed - cut), seconds(reregistered - healed), seconds(reregistered - healed),
        outcome(counts, done) + "; agents registered again " + String.format("%.1f s after healing", seconds(reregistered - healed))));
  }

  @Test
  @Order(8)
  void tenPercentOfTheAgentsKilledMidTask() throws Exception {
    List<String> jobs = submitJobs("agents-killed");
    IntPredicate doomed = i -> i % 10 == 0;
    // kill them while their task of the last job runs (creating five jobs takes longer than a task)
    List<String> running =
        tasks(jobs.getLast()).stream()
            .filter(t -> doomed.test(fleetIndex.get((String) t.get("mercury_id"))))
            .map(t -> (String) t.get("task_id"))
            .toList();
    await().atMost(JOB_WITHIN).until(() -> running.stream().filter(id -> !fleet.executions(id).isEmpty()).count() >= running.size() / 2);
    long killed = System.nanoTime();
    IntStream.range(0, AGENTS).filter(doomed).forEach(fleet::kill);
    jobs.forEach(this::awaitDone);
    long completed = System.nanoTime();
    Map<String, Long> counts = new TreeMap<>();
    for (String job : jobs) {
      verify(job, fleet, fleetIndex, doomed).forEach((status, n) -> counts.merge(status, n, Long::sum));
    }
    assertThat(counts.getOrDefault("ERROR", 0L)).as("killed agents' tasks").isPositive().isLessThanOrEqualTo(JOBS * AGENTS / 10);
    assertThat(counts.get("SUCCESS")).isGreaterThanOrEqualTo(JOBS * AGENTS * 9 / 10);
    report.add(new RecoveryReport.Row("kill -9 of 20 of 200 agents mid-task (5 tasks each)", 0, -1, seconds(completed - killed),
        counts + " of " + JOBS * AGENTS + "; ERROR = killed agents' unfinished tasks, AWOL"));
  }

  /** Submits five jobs of 200 tasks, kills {@code daemon} when a tenth of them is done, restarts it, checks them. */
  private void killAndRestartMidJob(String daemon) throws Exception {
    long duplicatesBefore = fleet.duplicates();
    long acked = fleet.acknowledged().size();
    List<String> jobs = submitJobs("kill-" + daemon);
    await().atMost(JOB_WITHIN).until(() -> fleet.acknowledged().size() >= acked + JOBS * AGENTS / 10);
    long killed = System.nanoTime();
    stack.kill9(daemon);
    stack.start(daemon);
    long serving = System.nanoTime();
    jobs.forEach(this::awaitDone);
    long completed = System.nanoTime();
    Map<String, Long> counts = new TreeMap<>();
    for (String job : jobs) {
      verify(job, fleet, fleetIndex, i -> false).forEach((status, n) -> counts.merge(status, n, Long::sum));
    }
    assertThat(counts).as("every task succeeded").containsOnlyKeys("SUCCESS");
    assertThat(counts.get("SUCCESS")).isEqualTo((long) JOBS * AGENTS);
    report.add(new RecoveryReport.Row("kill -9 of " + daemon + " mid-job, restarted", seconds(serving - killed),
        since(fleet.firstAckAfter(serving), serving), seconds(completed - serving),
        counts + " of " + JOBS * AGENTS + ", " + (fleet.duplicates() - duplicatesBefore) + " re-deliveries refused"));
  }

  private List<String> submitJobs(String name) throws Exception {
    List<String> jobs = new ArrayList<>();
    for (int j = 1; j <= JOBS; j++) {
      jobs.add(submit(fleetIndex.keySet(), name + "-" + j));
    }
    return jobs;
  }

  /** Waits until every one of these agents is active, then creates an echo job for them (once: create_job is not idempotent). */
  private String submit(Set<String> mercuryIds, String message) throws Exception {
    Map<String, Object> query = Map.of("mercury_id", Map.of("$in", List.copyOf(mercuryIds)));
    Map<String, Object> notNull = new HashMap<>();
    notNull.put("$ne", null);
    Map<String, Object> active = Map.of("mercury_id", Map.of("$in", List.copyOf(mercuryIds)), "active", notNull);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> inventory("count", active), n -> n instanceof Number c && c.intValue() == mercuryIds.size());
    Map<?, ?> job = (Map<?, ?>) stack.call("create_job", query, Map.of("method", "echo", "args", List.of(message)));
    assertThat(job).as("create_job found targets").isNotNull();
    assertThat(((Number) job.get("targets")).intValue()).as("targets").isEqualTo(mercuryIds.size());
    return (String) job.get("job_id");
  }

  private Object inventory(String endpoint, Object... args) throws Exception {
    try (ServiceClient client = stack.client(stack.inventory(), Duration.ofSeconds(10))) {
      return client.invoke(Request.of(endpoint, args), true);
    }
  }

  private Map<String, Object> awaitDone(String jobId) {
    try {
      return await()
          .atMost(JOB_WITHIN)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> map(stack.call(Duration.ofSeconds(10), "get_job", jobId)), j -> j.get("time_completed") != null);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Map<String, String> refused = new TreeMap<>(fleet.refused());
      refused.putAll(cutOff.refused());
      throw new AssertionError("job " + jobId + " not complete within " + JOB_WITHIN + "; counts "
          + describe(jobId) + "; results the backend refused (" + refused.size() + "): "
          + refused.entrySet().stream().limit(5).toList() + "; daemons' logs in " + stack.home(), e);
    }
  }

  private Object describe(String jobId) {
    try {
      return map(stack.call(Duration.ofSeconds(10), "get_job", jobId)).get("counts");
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private List<Map<String, Object>> tasks(String jobId) throws Exception {
    Map<String, Object> projection = Map.of("task_id", 1, "status", 1, "mercury_id", 1, "message", 1, "reason", 1, "time_completed", 1);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) map(stack.call("get_job_tasks", jobId, projection)).get("tasks");
    return tasks;
  }

  private List<String> taskIds(String jobId) throws Exception {
    return tasks(jobId).stream().map(t -> (String) t.get("task_id")).toList();
  }

  private long executed(ChaosFleet agents, String jobId) throws Exception {
    Set<String> executed = Set.copyOf(agents.executedTasks());
    return taskIds(jobId).stream().filter(executed::contains).count();
  }

  /**
   * Checks every task of the job against the agents' journal; returns the counts by status. {@code
   * mayBeLost} tells which agents died or were cut off, whose tasks may end ERROR as AWOL.
   */
  private Map<String, Long> verify(String jobId, ChaosFleet agents, Map<String, Integer> index, IntPredicate mayBeLost) throws Exception {
    List<String> wrong = new ArrayList<>();
    Map<String, Long> counts = new TreeMap<>();
    List<Map<String, Object>> tasks = tasks(jobId);
    for (Map<String, Object> t : tasks) {
      String taskId = (String) t.get("task_id");
      String mercuryId = (String) t.get("mercury_id");
      int agent = index.get(mercuryId);
      String status = (String) t.get("status");
      counts.merge(status, 1L, Long::sum);
      Map<Integer, Integer> executions = agents.executions(taskId);
      ChaosFleet.Acked acked = agents.acknowledged(taskId);
      if (agents.refused().containsKey(taskId)) {
        wrong.add(taskId + " result refused by the backend: " + agents.refused().get(taskId));
      }
      if (t.get("time_completed") == null) {
        wrong.add(taskId + " is not terminal: " + status);
      }
      if (!executions.keySet().stream().allMatch(a -> a == agent) || executions.values().stream().anyMatch(n -> n != 1)) {
        wrong.add(taskId + " executions " + executions + " (its agent is " + agent + ")");
      }
      switch (status) {
        case "SUCCESS" -> {
          if (executions.isEmpty() || !String.valueOf(t.get("message")).endsWith(" from " + mercuryId)) {
            wrong.add(taskId + " SUCCESS with message " + t.get("message") + " but its agent " + agent + " executed it " + executions);
          }
          if (acked != null && !acked.message().equals(t.get("message"))) {
            wrong.add(taskId + " stored " + t.get("message") + " but the agent's acknowledged result was " + acked.message());
          }
        }
        case "ERROR" -> {
          String reason = String.valueOf(t.get("reason"));
          boolean truthful = reason.startsWith(AWOL) || (executions.isEmpty() && reason.contains(" did not take the task: "));
          if (!mayBeLost.test(agent) || !truthful) {
            wrong.add(taskId + " ERROR: " + t.get("reason"));
          }
          if (acked != null && !String.valueOf(acked.reply()).contains("ignored")) {
            wrong.add(taskId + " ERROR in the store, but its result was acknowledged: " + acked);
          }
        }
        default -> wrong.add(taskId + " " + status + ": " + t.get("reason"));
      }
    }
    assertThat(tasks).hasSize(agents == fleet ? AGENTS : PARTITIONED);
    assertThat(wrong).as("tasks whose end is not truthful (%d)", wrong.size()).isEmpty();
    return counts;
  }

  private static String outcome(Map<String, Long> counts, Map<String, Object> job) {
    return counts + " of " + job.get("task_count");
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double since(java.util.OptionalLong at, long from) {
    return at.isPresent() ? seconds(at.getAsLong() - from) : -1;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
