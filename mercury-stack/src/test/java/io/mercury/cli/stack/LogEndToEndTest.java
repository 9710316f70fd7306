package io.mercury.cli.stack;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.cli.client.Endpoints;
import io.mercury.cli.testing.McliRun;
import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Central logging through real processes: store, log service, inventory, frontend, backend and an agent,
 * each forwarding its events to the log service; {@code mcli log} and {@code mcli rpc job --trace} read
 * them back.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  private TestStack stack;
  private TestStack.Agent agent;
  private ServiceClient rpcClient;
  private Map<String, String> env;

  @BeforeAll
  void start(@TempDir Path home) throws Exception {
    assumeTrue(TestStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    stack = new TestStack(home).withLogService().startCore();
    TestStack.Service rpc = stack.rpc("rpc");
    TestStack.Service backend = stack.backend("dc-a");
    agent = stack.agent("agent-1", backend, "00000000-0000-4000-8000-0000000000a1");
    rpcClient = stack.client(rpc.address());
    env = new java.util.HashMap<>(stack.mcliEnv());
    env.putAll(Map.of(Endpoints.LOG_ENV, stack.logService(), Endpoints.RPC_ENV, rpc.address(), Endpoints.INVENTORY_ENV, stack.inventory()));
  }

  @AfterAll
  void stop() {
    if (rpcClient != null) {
      rpcClient.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private List<JsonNode> events(McliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (String line : run.outLines()) {
      try {
        out.add(JSON.readTree(line));
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + line, e);
      }
    }
    return out;
  }

  @Test
  @SuppressWarnings("unchecked")
  void aJobsEventsFromFrontendBackendAndAgentAreFoundByJobAndTracedInOrder() throws Exception {
    Map<String, Object> created =
        (Map<String, Object>)
            rpcClient.invoke(
                Request.of("create_job", Map.of("mercury_id", agent.mercuryId()), Map.of("method", "echo", "args", List.of("traced"))),
                false);
    String jobId = (String) created.get("job_id");
    // the appenders batch every 200 ms: wait until each hop's events arrived
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(events(mcli("", env, "log", "--job", jobId, "--json")))
                    .extracting(e -> e.get("message").asText())
                    .anyMatch(m -> m.startsWith("job created"))
                    .anyMatch(m -> m.startsWith("task ") && m.contains(" sent to "))
                    .anyMatch(m -> m.equals("running echo"))
                    .anyMatch(m -> m.equals("echo completed: SUCCESS"))
                    .anyMatch(m -> m.equals("task result recorded: SUCCESS")));
    List<JsonNode> logged = events(mcli("", env, "log", "--job", jobId, "--json"));
    assertThat(logged).extracting(e -> e.get("service").asText()).contains("mercury-rpc", "mercury-backend", "mercury-agent");
    assertThat(logged).allSatisfy(e -> assertThat(e.get("job_id").asText()).isEqualTo(jobId));
    assertThat(logged)
        .filteredOn(e -> e.get("service").asText().equals("mercury-agent"))
        .allSatisfy(e -> assertThat(e.get("mercury_id").asText()).isEqualTo(agent.mercuryId()))
        .allSatisfy(e -> assertThat(e.get("task_id").asText()).isNotBlank());

    McliRun readable = mcli("", env, "log", "--job", jobId, "--service", "mercury-agent");
    assertThat(readable.outLines()).anyMatch(l -> l.contains("mercury-agent") && l.contains(agent.mercuryId()) && l.contains("INFO") && l.endsWith("running echo"));
    // one time format for every log time an operator reads: ISO-8601, UTC, milliseconds (issue 15)
    assertThat(readable.outLines()).isNotEmpty().allMatch(l -> l.matches(ISO_UTC + "  .*"));

    McliRun trace = mcli("", env, "rpc", "job", jobId, "--trace");
    assertThat(trace.exitCode()).as(trace.err()).isZero();
    List<String> lines = trace.outLines();
    assertThat(lines.get(0)).startsWith("job " + jobId + ": ").contains("from 3 services");
    assertThat(lines.get(1)).contains("TIME", "+START", "+STEP", "SERVICE", "EVENT");
    assertThat(lines).anyMatch(l -> l.contains("job created"));
    assertThat(lines.subList(2, lines.size())).allMatch(l -> l.matches(ISO_UTC + " .*"));
    // the hops that cause one another are in that order; "job created" may come after "sent to": the
    // backend's sweep can find the new task before the frontend's log line is written (a loaded machine)
    assertThat(lines)
        .filteredOn(l -> l.contains(" sent to ") || l.endsWith("running echo")
            || l.endsWith("echo completed: SUCCESS") || l.endsWith("task result recorded: SUCCESS"))
        .extracting(l -> l.contains(" sent to ") ? 2 : l.endsWith("running echo") ? 3 : l.endsWith("completed: SUCCESS") ? 4 : 5)
        .isSorted()
        .contains(2, 3, 4, 5);
  }

  @Test
  void queriesByDeviceAndLevelAndBadOptionsAreUsageErrors() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !events(mcli("", env, "log", "--device", agent.mercuryId(), "--json")).isEmpty());
    assertThat(events(mcli("", env, "log", "--device", agent.mercuryId(), "--json")))
        .allSatisfy(e -> assertThat(e.get("mercury_id").asText()).isEqualTo(agent.mercuryId()));
    assertThat(events(mcli("", env, "log", "--level", "ERROR", "--since", "1h", "--json")))
        .allSatisfy(e -> assertThat(e.get("levelno").asInt()).isGreaterThanOrEqualTo(40));
    assertThat(mcli("", env, "log", "--since", "yesterday").exitCode()).isEqualTo(2);
    assertThat(mcli("", env, "log", "--level", "LOUD").exitCode()).isEqualTo(2);
    McliRun unreachable = mcli("", Map.of(), "--timeout", "0.5", "log", "--log", "tcp://127.0.0.1:1");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.err()).contains("cannot reach the log service at tcp://127.0.0.1:1");
  }

  @Test
  void followPrintsNewMatchingEventsUntilItsTimeIsUp() throws Exception {
    String marker = "follow-" + System.nanoTime();
    Thread sender =
        new Thread(
            () -> {
              // keep creating jobs whose echo argument carries the marker while mcli follows
              for (int i = 0; i < 40 && !Thread.currentThread().isInterrupted(); i++) {
                try {
                  rpcClient.invoke(Request.of("create_job", Map.of("mercury_id", "no-such-device-" + marker), Map.of("method", "echo")), false);
                  Thread.sleep(250);
                } catch (Exception e) {
                  return;
                }
              }
            });
    sender.start();
    try {
      McliRun follow = mcli("", env, "log", "-f", "--for", "8s", "--grep", marker, "-n", "1", "--json");
      assertThat(events(follow)).isNotEmpty().allSatisfy(e -> assertThat(e.get("message").asText()).contains(marker));
    } finally {
      sender.interrupt();
      sender.join();
    }
  }
}
