package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.protocol.log.LogWire;
import io.mercury.common.protocol.log.StoredEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mcli log} lines and {@code mcli rpc job --trace} tables, with times as ISO-8601 UTC (issue 15). */
class LogLinesTest {
  /** 2026-12-07T04:31:22.000Z, in epoch seconds. */
  private static final double T0 = 1_796_617_882.0;

  private static final String DEVICE = "0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";

  private static StoredEvent event(long seq, String service, String host, long ms, long storedMs, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("time", T0 + ms / 1000.0);
    e.put("time_created", T0 + storedMs / 1000.0);
    e.put("seq", seq);
    e.put("service", service);
    e.put("host", host);
    e.put("level", "INFO");
    e.put("job_id", "job-1");
    e.put("task_id", "t1");
    e.put("mercury_id", DEVICE);
    e.put("message", message);
    return LogWire.storedEvent(e);
  }

  @Test
  void aLineStartsWithItsTimeInUtcToTheMillisecond() {
    StoredEvent e = event(1, "mercury-agent", "node", 123, 130, "running echo");

    assertThat(LogLines.line(e))
        .isEqualTo("2026-12-07T04:31:22.123Z  mercury-agent     " + DEVICE + " INFO  running echo");
  }

  @Test
  void aTraceKeepsOwnTimesAndMarksTheEventsOfAClockThatIsBehind() {
    // node's clock is about a second behind ctl's: the agent's events are stamped before their dispatch
    List<StoredEvent> events =
        List.of(
            event(1, "mercury-backend", "ctl", 1000, 1002, "task t1 sent to tcp://node:9003 (attempt 1)"),
            event(2, "mercury-agent", "node", 40, 1012, "running echo"),
            event(3, "mercury-agent", "node", 47, 1019, "echo failed: boom"),
            event(4, "mercury-backend", "ctl", 1030, 1031, "agent at tcp://node:9003 took the task (attempt 1): echo"),
            event(5, "mercury-backend", "ctl", 1052, 1053, "task result recorded: ERROR"));

    assertThat(LogLines.trace("job-1", events))
        .isEqualTo(
            """
            job job-1: 5 events from 2 services over 1012 ms
            TIME                          +START   +STEP  SERVICE          DEVICE                                      LEVEL  EVENT
            2026-12-07T04:31:22.040Z *1     0 ms    0 ms  mercury-agent    %1$s  INFO   running echo
            2026-12-07T04:31:22.047Z *1     7 ms    7 ms  mercury-agent    %1$s  INFO   echo failed: boom
            2026-12-07T04:31:23.000Z      960 ms  953 ms  mercury-backend  %1$s  INFO   task t1 sent to tcp://node:9003 (attempt 1)
            2026-12-07T04:31:23.030Z      990 ms   30 ms  mercury-backend  %1$s  INFO   agent at tcp://node:9003 took the task (attempt 1): echo
            2026-12-07T04:31:23.052Z     1012 ms   22 ms  mercury-backend  %1$s  INFO   task result recorded: ERROR
            *1 clock of mercury-agent on node is behind mercury-backend on ctl by at least 960 ms: its events are shown at their own times, before the dispatch that caused them
            """
                .formatted(DEVICE));
  }

  @Test
  void aTraceOfOneClockHasNoMarksAndNoNotes() {
    List<StoredEvent> events =
        List.of(
            event(2, "mercury-agent", "ctl", 4, 9, "running echo"),
            event(1, "mercury-backend", "ctl", 1, 2, "task t1 sent to tcp://ctl:9003 (attempt 1)"));

    String trace = LogLines.trace("job-1", events);

    assertThat(trace.lines().skip(2).map(l -> l.substring(0, 24)))
        .containsExactly("2026-12-07T04:31:22.001Z", "2026-12-07T04:31:22.004Z");
    assertThat(trace).doesNotContain("*").doesNotContain("clock of");
  }

  @Test
  void noEventsSaysSo() {
    assertThat(LogLines.trace("job-1", List.of())).isEqualTo("no logged events for job job-1\n");
  }
}
