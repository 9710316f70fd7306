package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.capability.Capability;
import io.mercury.agent.capability.CapabilityDescriptor;
import io.mercury.agent.capability.TaskContext;
import io.mercury.agent.testing.OriginalBackend;
import io.mercury.common.client.BackendClient;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.agent.RunTask;
import io.mercury.common.time.ManualTimeSource;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * The runner's time limits on a manual clock: a task is timed out when its limit (the request's, else
 * the capability's) has passed and not a moment before, and a task that ended leaves no timeout behind.
 * The task threads and the reports to the (fake, original) backend are real, so what they do is awaited;
 * only the limit's time is not waited for.
 */
class TaskRunnerTimingTest {
  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path state;
  private final ZContext context = new ZContext();
  private final ManualTimeSource time = new ManualTimeSource(START);
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private OriginalBackend backend;
  private ServiceClient connection;
  private ResultReporter reporter;
  private TaskRunner runner;

  @BeforeEach
  void setUp() throws Exception {
    backend = OriginalBackend.start(context);
    connection = new ServiceClient(context, backend.endpoint(), AgentService.backendSettings(Duration.ofSeconds(10), null));
    ResultSpool spool = new ResultSpool(state);
    reporter = new ResultReporter(new BackendClient(connection), spool);
    reporter.start();
    runner = new TaskRunner(reporter, spool, () -> "m1", 4, time);
  }

  @AfterEach
  void tearDown() throws Exception {
    runner.close();
    reporter.close();
    connection.close();
    backend.close();
    context.close();
  }

  /** Runs until its thread is interrupted. */
  private Capability blocking(double timeoutSeconds) {
    CapabilityDescriptor descriptor = CapabilityDescriptor.of("block", "blocks until interrupted", "").withTimeoutSeconds(timeoutSeconds);
    return new Capability() {
      @Override
      public CapabilityDescriptor descriptor() {
        return descriptor;
      }

      @Override
      public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception {
        try {
          Thread.sleep(Long.MAX_VALUE);
          return null;
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw e;
        }
      }
    };
  }

  private static RunTask task(String id, Double timeoutSeconds) {
    return new RunTask("block", List.of(), Map.of(), id, "j1", "m1", timeoutSeconds);
  }

  @Test
  void aTaskThatOutlivesTheRequestsTimeoutIsCompletedAsTimeoutThenAndInterrupted() throws Exception {
    assertThat(runner.submit(task("t1", 1.5), blocking(1800))).isInstanceOf(Admission.Accepted.class);

    time.advance(Duration.ofMillis(1499));
    assertThat(runner.runningTaskIds()).containsExactly("t1");
    assertThat(interrupted.getCount()).isEqualTo(1);
    time.advance(Duration.ofMillis(1));

    Map<String, Object> done = backend.awaitCompletion("t1");
    assertThat(done).containsEntry("status", "TIMEOUT").containsEntry("reason", "timed out after 1.5 s");
    assertThat(done.get("time_completed")).isEqualTo(MsgPack.epochSeconds(START.plusMillis(1500)));
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> runner.runningTaskIds().isEmpty());
  }

  @Test
  void theCapabilitysTimeoutAppliesWhenTheRequestSetsNone() {
    runner.submit(task("t1", null), blocking(2));

    time.advance(Duration.ofMillis(1999));
    assertThat(runner.runningTaskIds()).containsExactly("t1");
    time.advance(Duration.ofMillis(1));

    assertThat(backend.awaitCompletion("t1")).containsEntry("status", "TIMEOUT").containsEntry("reason", "timed out after 2.0 s");
  }

  @Test
  void aCancelledTaskLeavesNoTimeoutBehind() {
    runner.submit(task("t1", 1.0), blocking(1800));
    assertThat(runner.cancel("t1")).isTrue();
    assertThat(backend.awaitCompletion("t1")).containsEntry("status", "CANCELLED");
    await().atMost(Duration.ofSeconds(10)).until(() -> runner.runningTaskIds().isEmpty());

    time.advance(Duration.ofHours(1));

    assertThat(time.pending()).isZero();
    assertThat(backend.reports("complete_task", "t1")).hasSize(1);
  }
}
