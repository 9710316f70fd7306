package io.mercury.cli.output;

import static io.mercury.cli.testing.RpcSamples.JOB_ID;
import static io.mercury.cli.testing.RpcSamples.T0;
import static io.mercury.cli.testing.RpcSamples.job;
import static io.mercury.cli.testing.RpcSamples.runResult;
import static io.mercury.cli.testing.RpcSamples.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobViewTest {
  private static final String A = "0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";
  private static final String B = "0130f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c";
  private static final String C = "0000000000000000000000000000000000000000ab";
  private static final Instant NOW = Instant.ofEpochSecond((long) T0 + 125);

  private static JobDocument runJob(Double completed, Object... counts) {
    Map<String, Object> doc = new LinkedHashMap<>(job("run", 3, completed, counts).document());
    doc.put("instruction", Map.of("method", "run", "args", List.of("uname -r"), "kwargs", Map.of()));
    doc.put("query", Map.of("mercury_id", Map.of("$in", List.of(A, B, C))));
    doc.put("cancelled", false);
    return new JobDocument(doc);
  }

  private static List<TaskDocument> tasks() {
    return List.of(
        stored(B, "run", List.of("uname -r"), "ERROR", runResult("", "uname: not found\n", 127), "the command exited with status 127"),
        stored(A, "run", List.of("uname -r"), "SUCCESS", runResult("6.1.0-18-amd64\n", "", 0), null),
        stored(C, "run", List.of("uname -r"), "STARTED", Map.of(), null));
  }

  @Test
  void summaryThenOneLinePerTaskByDevice() {
    JobDocument job = runJob(null, "STARTED", 1, "SUCCESS", 1, "ERROR", 1);

    assertThat(JobView.render(job, tasks(), NOW))
        .isEqualTo(
            "job_id        " + JOB_ID + "\n"
                + "state         running (1 of 3 tasks open)\n"
                + "method        run 'uname -r'\n"
                + "query         {\"mercury_id\":{\"$in\":[\"" + A + "\",\"" + B + "\",\"" + C + "\"]}}\n"
                + "requested_by  ops@bastion\n"
                + "created       2026-12-01T09:30:00Z\n"
                + "finished      -\n"
                + "duration      2m05s so far\n"
                + "tasks         3: 1 STARTED, 1 SUCCESS, 1 ERROR\n"
                + "\n"
                + "TASK_ID        MERCURY_ID                                  STATE    DURATION      REASON\n"
                + "7c1e4b2a-0000  " + C + "  STARTED  2m05s so far  -\n"
                + "7c1e4b2a-0120  " + A + "  SUCCESS  0.6s          -\n"
                + "7c1e4b2a-0130  " + B + "  ERROR    0.6s          the command exited with status 127\n");
  }

  @Test
  void aFinishedJobHasItsEndAndDuration() {
    Map<String, Object> doc = new LinkedHashMap<>(runJob(T0 + 3.2, "SUCCESS", 3).document());
    doc.put("cancelled", true);
    doc.put("cancelled_by", "ops@bastion");

    assertThat(JobView.summary(new JobDocument(doc), NOW))
        .contains(
            "state         finished, cancelled by ops@bastion\n",
            "finished      2026-12-01T09:30:03Z\n",
            "duration      3.2s\n",
            "tasks         3: 3 SUCCESS\n");
  }

  @Test
  void aLongQueryIsCut() {
    Map<String, Object> doc = new LinkedHashMap<>(runJob(null).document());
    doc.put("query", Map.of("mercury_id", Map.of("$in", java.util.Collections.nCopies(50, A))));

    String query = JobView.summary(new JobDocument(doc), NOW).lines().filter(l -> l.startsWith("query")).findFirst().orElseThrow();

    assertThat(query).hasSize("query         ".length() + JobView.MAX_QUERY).endsWith("…");
  }

  @Test
  void outputPrintsEachDevicesResultAsTheWaitDoes() {
    assertThat(JobView.output(tasks()))
        .isEqualTo(
            "== " + C + " STARTED: no result yet\n"
                + "== " + A + " SUCCESS returncode 0\n"
                + "6.1.0-18-amd64\n"
                + "== " + B + " ERROR returncode 127\n"
                + "-- stderr\n"
                + "uname: not found\n");
  }

  @Test
  void aJobWithoutTasksSaysSo() {
    assertThat(JobView.tasks(List.of(), NOW)).isEqualTo("no tasks\n");
  }

  @Test
  void callsReadAsTheyAreTyped() {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("seconds", 30L);
    kwargs.put("label", "a b");

    assertThat(Calls.arguments(List.of("ls -la /", "it's", 3L, List.of(1L, 2L)), kwargs))
        .isEqualTo("'ls -la /' 'it'\\''s' 3 [1,2] seconds=30 label='a b'");
    assertThat(Calls.arguments(List.of("echo hi\nexit 3"), Map.of())).isEqualTo("'echo hi\\nexit 3'");
    assertThat(Calls.of(job("echo", 1, null))).isEqualTo("echo hi");
    assertThat(Calls.arguments(null, null)).isEmpty();
  }
}
