package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.OriginalBackend;
import io.mercury.common.client.BackendClient;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.common.protocol.backend.TaskUpdate;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A task's STARTED waits for its result ({@link ResultReporter#STARTED_HOLD}): a result queued within
 * the wait is sent alone (it carries {@code time_started}), so a short task costs the backend one report
 * and one store write instead of two. The reports are queued before the reporter starts, so what it
 * finds in its queue does not depend on timing.
 */
class StartedHoldTest {
  @TempDir Path state;
  private final ZContext context = new ZContext();
  private OriginalBackend backend;
  private ServiceClient connection;
  private ResultReporter reporter;

  @BeforeEach
  void setUp() throws Exception {
    backend = OriginalBackend.start(context);
    connection = new ServiceClient(context, backend.endpoint(), AgentService.backendSettings(Duration.ofSeconds(10), null));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (reporter != null) {
      reporter.close();
    }
    connection.close();
    backend.close();
    context.close();
  }

  private ResultReporter reporter(Duration hold) {
    reporter = new ResultReporter(new BackendClient(connection), new ResultSpool(state), hold);
    return reporter;
  }

  @Test
  void aResultThatComesWithinTheWaitIsSentAlone() throws Exception {
    ResultReporter r = reporter(Duration.ofSeconds(30));
    r.start();
    r.update(started("t1"));
    r.complete(result("t1"));

    assertThat(backend.awaitCompletion("t1")).containsEntry("status", "SUCCESS").containsEntry("time_started", 100.0);
    assertThat(backend.reports("update_task", "t1")).isEmpty();
    assertThat(backend.reports("complete_task", "t1")).hasSize(1);
  }

  @Test
  void aStartedWithoutAResultIsSentWhenTheWaitEnds() throws Exception {
    ResultReporter r = reporter(Duration.ofMillis(50));
    r.start();
    r.update(started("t1"));

    await().atMost(Duration.ofSeconds(30)).until(() -> backend.reports("update_task", "t1").size() == 1);
    r.complete(result("t1"));
    backend.awaitCompletion("t1");
    assertThat(endpoints()).containsExactly("update_task", "complete_task");
  }

  @Test
  void anotherReportEndsTheWaitAndTheStartedGoesFirst() throws Exception {
    ResultReporter r = reporter(Duration.ofSeconds(30));
    r.start();
    r.update(started("t1"));
    r.complete(result("t2"));

    backend.awaitCompletion("t2");
    await().atMost(Duration.ofSeconds(30)).until(() -> backend.reports("update_task", "t1").size() == 1);
    assertThat(endpoints()).containsExactly("update_task", "complete_task");
  }

  @Test
  void progressIsNeverHeld() throws Exception {
    ResultReporter r = reporter(Duration.ofSeconds(30));
    r.start();
    r.update(TaskUpdate.progress("t1", "j1", "Halfway", 0.5));

    await().atMost(Duration.ofSeconds(30)).until(() -> backend.reports("update_task", "t1").size() == 1);
  }

  private List<String> endpoints() {
    return backend.requests().stream().map(q -> (String) q.get("endpoint")).filter(e -> e.endsWith("_task")).toList();
  }

  private static TaskUpdate started(String taskId) {
    return TaskUpdate.started(taskId, "j1", 100.0);
  }

  private static TaskCompletion result(String taskId) {
    return new TaskCompletion(taskId, "j1", TaskStatus.SUCCESS, "hi", null, 100.0, 100.5, "Completed", null);
  }
}
