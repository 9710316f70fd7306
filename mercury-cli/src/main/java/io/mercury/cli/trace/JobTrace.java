package io.mercury.cli.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A job's events in the order {@code mcli rpc job ID --trace} shows them, and what they say about the
 * clocks that stamped them.
 *
 * <p>Order: each event's own time, as the process that logged it stamped it; within one millisecond a
 * task's dispatch comes first, then the log service's arrival order ({@code seq}), which keeps each
 * process's own order. An event is never moved away from its own time, so the time columns stay plain
 * differences of stamped times.
 *
 * <p>The events carry no hop counter, so two causal relations are all a trace knows:
 *
 * <ul>
 *   <li>the backend logs a task's first event before it sends the task to its agent ("task T sent to
 *       A"), so it comes before every event the agent logs about that task;
 *   <li>a process stamps an event before the log service stores it ({@code time_created}, stamped by the
 *       log service).
 * </ul>
 *
 * An event that breaks one of them was stamped by a clock that differs from the other one's (different
 * hosts: one machine has one clock). It stays where its own time puts it and is marked with a {@link
 * ClockNote} saying which clock is off, which way and by at least how much.
 */
public final class JobTrace {
  /** The service names of the rpc backend and the agent (their {@code NAME} constants). */
  static final String BACKEND = "mercury-backend";

  static final String AGENT = "mercury-agent";

  private static final String LOG_SERVICE = "the log service's";

  /**
   * One event of the trace.
   *
   * @param event the event as the log service returned it
   * @param notes the 1-based numbers of the notes about its clock, empty for most events
   */
  public record Line(Map<String, Object> event, List<Integer> notes) {
    /** {@code *1}, {@code *1*2}, or empty. */
    public String marks() {
      return notes.stream().map(n -> "*" + n).collect(Collectors.joining());
    }
  }

  private record NoteKey(String clock, String reference, ClockNote.Direction direction) {}

  private final List<Line> lines;
  private final List<ClockNote> notes;

  private JobTrace(List<Line> lines, List<ClockNote> notes) {
    this.lines = List.copyOf(lines);
    this.notes = List.copyOf(notes);
  }

  /** Events are told apart by identity: two events of a job may be equal field by field. */
  @SuppressWarnings("ReferenceEquality")
  private static boolean isSame(TraceEvent a, TraceEvent b) {
    return a == b;
  }

  /** Orders the events of one job (any order) and checks their clocks. */
  public static JobTrace of(List<Map<String, Object>> events) {
    List<TraceEvent> all = new ArrayList<>(events.stream().map(TraceEvent::of).toList());
    Map<String, TraceEvent> dispatches = dispatches(all);
    all.sort(
        Comparator.comparingLong(TraceEvent::timeMillis)
            .thenComparingInt(e -> isSame(dispatches.get(e.taskId()), e) ? 0 : 1)
            .thenComparingLong(TraceEvent::seq));
    Map<NoteKey, Long> gaps = new LinkedHashMap<>();
    IdentityHashMap<TraceEvent, List<NoteKey>> marked = new IdentityHashMap<>();
    for (TraceEvent e : all) {
      List<NoteKey> keys = check(e, e.taskId() == null ? null : dispatches.get(e.taskId()), gaps);
      if (!keys.isEmpty()) {
        marked.put(e, keys);
      }
    }
    List<NoteKey> order = new ArrayList<>(gaps.keySet());
    List<ClockNote> notes =
        order.stream().map(k -> new ClockNote(k.clock(), k.reference(), k.direction(), gaps.get(k))).toList();
    List<Line> lines =
        all.stream()
            .map(e -> new Line(e.fields(), marked.getOrDefault(e, List.of()).stream().map(k -> order.indexOf(k) + 1).toList()))
            .toList();
    return new JobTrace(lines, notes);
  }

  /** The events, in trace order. */
  public List<Line> lines() {
    return lines;
  }

  /** The notes the marks refer to: {@code *1} is the first. Empty when no clock was seen to differ. */
  public List<ClockNote> notes() {
    return notes;
  }

  /** Each task's dispatch: the first event the backend logged about it (own time, then arrival). */
  private static Map<String, TraceEvent> dispatches(List<TraceEvent> events) {
    Comparator<TraceEvent> first = Comparator.comparingLong(TraceEvent::timeMillis).thenComparingLong(TraceEvent::seq);
    Map<String, TraceEvent> out = new HashMap<>();
    for (TraceEvent e : events) {
      if (BACKEND.equals(e.service()) && e.taskId() != null) {
        out.merge(e.taskId(), e, (a, b) -> first.compare(a, b) <= 0 ? a : b);
      }
    }
    return out;
  }

  /**
   * The notes {@code e} calls for against its task's {@code dispatch} (null: none in the trace) and the
   * log service's clock, each gap kept as its note's largest in {@code gaps}.
   */
  private static List<NoteKey> check(TraceEvent e, TraceEvent dispatch, Map<NoteKey, Long> gaps) {
    List<NoteKey> keys = new ArrayList<>(2);
    if (AGENT.equals(e.service()) && dispatch != null && !e.sameHost(dispatch) && e.timeMillis() < dispatch.timeMillis()) {
      keys.add(note(gaps, new NoteKey(e.clock(), dispatch.clock(), ClockNote.Direction.BEHIND), dispatch.timeMillis() - e.timeMillis()));
    }
    if (e.storedMillis() != null && e.timeMillis() > e.storedMillis()) {
      keys.add(note(gaps, new NoteKey(e.clock(), LOG_SERVICE, ClockNote.Direction.AHEAD), e.timeMillis() - e.storedMillis()));
    }
    return keys;
  }

  private static NoteKey note(Map<NoteKey, Long> gaps, NoteKey key, long gap) {
    gaps.merge(key, gap, Math::max);
    return key;
  }
}
