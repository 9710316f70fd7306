package io.mercury.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the trace showed 'dispatched' after the agent ran and 'started' after the failure. Events are
 * ordered by their own times; an event stamped earlier than its cause keeps its place and its clock is
 * named, never silently reordered.
 */
class JobTraceTest {
  /** 2026-12-07T04:31:22Z, in epoch seconds. */
  private static final double T0 = 1_796_617_882.0;

  private static long seq;

  /** An event stamped at {@code T0 + ms}, stored 5 ms later by the log service. */
  private static Map<String, Object> event(String service, String host, String taskId, long ms, String message) {
    Map<String, Object> e = new HashMap<>();
    e.put("time", T0 + ms / 1000.0);
    e.put("time_created", T0 + (ms + 5) / 1000.0);
    e.put("seq", ++seq);
    e.put("service", service);
    e.put("host", host);
    e.put("level", "INFO");
    e.put("message", message);
    if (taskId != null) {
      e.put("task_id", taskId);
    }
    return e;
  }

  private static Map<String, Object> stored(Map<String, Object> event, long ms) {
    event.put("time_created", T0 + ms / 1000.0);
    return event;
  }

  private static List<String> messages(JobTrace trace) {
    return trace.lines().stream().map(l -> (String) l.event().get("message")).toList();
  }

  @Test
  void eventsAreInTheOrderOfTheirOwnTimesWhateverOrderTheyArriveIn() {
    Map<String, Object> created = event("mercury-rpc", "ctl", null, 0, "job created");
    Map<String, Object> sent = event("mercury-backend", "ctl", "t1", 3, "task t1 sent to tcp://node:9003 (attempt 1)");
    Map<String, Object> running = event("mercury-agent", "node", "t1", 9, "running echo");
    Map<String, Object> completed = event("mercury-agent", "node", "t1", 12, "echo completed: SUCCESS");
    Map<String, Object> recorded = event("mercury-backend", "ctl", "t1", 20, "task result recorded: SUCCESS");

    JobTrace trace = JobTrace.of(List.of(recorded, completed, sent, created, running));

    assertThat(messages(trace))
        .containsExactly(
            "job created", "task t1 sent to tcp://node:9003 (attempt 1)", "running echo", "echo completed: SUCCESS",
            "task result recorded: SUCCESS");
    assertThat(trace.notes()).isEmpty();
    assertThat(trace.lines()).allSatisfy(l -> assertThat(l.marks()).isEmpty());
  }

  @Test
  void withinOneMillisecondATasksDispatchComesBeforeItsAgentsEventsThenArrivalOrder() {
    Map<String, Object> running = event("mercury-agent", "node", "t1", 3, "running echo");
    Map<String, Object> sent = event("mercury-backend", "ctl", "t1", 3, "task t1 sent to tcp://node:9003 (attempt 1)");
    Map<String, Object> completed = event("mercury-agent", "node", "t1", 3, "echo completed: SUCCESS");

    JobTrace trace = JobTrace.of(List.of(running, sent, completed));

    assertThat(messages(trace))
        .containsExactly("task t1 sent to tcp://node:9003 (attempt 1)", "running echo", "echo completed: SUCCESS");
    assertThat(trace.notes()).isEmpty();
  }

  @Test
  void anAgentWhoseClockIsBehindKeepsItsOwnTimesAndIsNamed() {
    // node's clock is 900 ms behind ctl's: its events look 890 and 880 ms older than the dispatch
    Map<String, Object> sent = event("mercury-backend", "ctl", "t1", 1000, "task t1 sent to tcp://node:9003 (attempt 1)");
    Map<String, Object> running = stored(event("mercury-agent", "node", "t1", 110, "running echo"), 1015);
    Map<String, Object> failed = stored(event("mercury-agent", "node", "t1", 120, "echo failed: boom"), 1025);
    Map<String, Object> recorded = event("mercury-backend", "ctl", "t1", 1030, "task result recorded: ERROR");

    JobTrace trace = JobTrace.of(List.of(sent, running, failed, recorded));

    assertThat(messages(trace))
        .containsExactly("running echo", "echo failed: boom", "task t1 sent to tcp://node:9003 (attempt 1)", "task result recorded: ERROR");
    assertThat(trace.lines()).extracting(JobTrace.Line::marks).containsExactly("*1", "*1", "", "");
    assertThat(trace.notes())
        .containsExactly(new ClockNote("mercury-agent on node", "mercury-backend on ctl", ClockNote.Direction.BEHIND, 890));
    assertThat(trace.notes().get(0).text())
        .isEqualTo(
            "clock of mercury-agent on node is behind mercury-backend on ctl by at least 890 ms: its events are shown"
                + " at their own times, before the dispatch that caused them");
  }

  @Test
  void aClockAheadOfTheLogServiceIsNamedByTheEventsItStampedAfterTheyWereStored() {
    Map<String, Object> sent = event("mercury-backend", "ctl", "t1", 0, "task t1 sent to tcp://node:9003 (attempt 1)");
    Map<String, Object> running = stored(event("mercury-agent", "node", "t1", 700, "running echo"), 10);
    Map<String, Object> completed = stored(event("mercury-agent", "node", "t1", 760, "echo completed: SUCCESS"), 15);
    Map<String, Object> recorded = event("mercury-backend", "ctl", "t1", 20, "task result recorded: SUCCESS");

    JobTrace trace = JobTrace.of(List.of(sent, running, completed, recorded));

    assertThat(messages(trace))
        .containsExactly("task t1 sent to tcp://node:9003 (attempt 1)", "task result recorded: SUCCESS", "running echo", "echo completed: SUCCESS");
    assertThat(trace.lines()).extracting(JobTrace.Line::marks).containsExactly("", "", "*1", "*1");
    assertThat(trace.notes())
        .containsExactly(new ClockNote("mercury-agent on node", "the log service's", ClockNote.Direction.AHEAD, 745));
  }

  @Test
  void eventsOfOneHostAreNeverBlamedOnItsClock() {
    // the backend's first event of t2 is a late one (its 'sent to' was lost): one clock, so no note
    Map<String, Object> running = event("mercury-agent", "ctl", "t2", 5, "running echo");
    Map<String, Object> tookIt = event("mercury-backend", "ctl", "t2", 8, "agent at tcp://ctl:9003 took the task (attempt 1): echo");

    JobTrace trace = JobTrace.of(List.of(tookIt, running));

    assertThat(messages(trace)).containsExactly("running echo", "agent at tcp://ctl:9003 took the task (attempt 1): echo");
    assertThat(trace.notes()).isEmpty();
  }

  @Test
  void eachClockGetsItsOwnNoteNumberedInTraceOrder() {
    Map<String, Object> sent1 = event("mercury-backend", "ctl", "t1", 500, "task t1 sent");
    Map<String, Object> sent2 = event("mercury-backend", "ctl", "t2", 500, "task t2 sent");
    Map<String, Object> late = stored(event("mercury-agent", "node-b", "t2", 900, "running echo"), 520);
    Map<String, Object> early = stored(event("mercury-agent", "node-a", "t1", 200, "running echo"), 510);

    JobTrace trace = JobTrace.of(List.of(sent1, sent2, late, early));

    assertThat(trace.lines()).extracting(JobTrace.Line::marks).containsExactly("*1", "", "", "*2");
    assertThat(trace.notes())
        .containsExactly(
            new ClockNote("mercury-agent on node-a", "mercury-backend on ctl", ClockNote.Direction.BEHIND, 300),
            new ClockNote("mercury-agent on node-b", "the log service's", ClockNote.Direction.AHEAD, 380));
  }
}
