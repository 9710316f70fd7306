package io.mercury.cli.trace;

import java.util.Map;

/**
 * One stored event of a job's trace with the fields its order and the clock checks read.
 *
 * @param fields the event as the log service returned it
 * @param timeMillis its own time: when the process that logged it stamped it (epoch milliseconds)
 * @param storedMillis when the log service stored it ({@code time_created}, the log service's clock),
 *     or null when the event does not say
 * @param seq the log service's arrival number: one process's events keep the order it logged them in
 * @param service the service that logged it, or null
 * @param host the host it ran on, or null
 * @param taskId the task it is about, or null
 */
record TraceEvent(
    Map<String, Object> fields, long timeMillis, Long storedMillis, long seq, String service, String host, String taskId) {

  static TraceEvent of(Map<String, Object> fields) {
    return new TraceEvent(
        fields,
        millis(fields.get("time")),
        fields.get("time_created") instanceof Number n ? millis(n) : null,
        fields.get("seq") instanceof Number n ? n.longValue() : 0,
        text(fields.get("service")),
        text(fields.get("host")),
        text(fields.get("task_id")));
  }

  /** Whose clock stamped it, as a note names it: the service, and its host when known. */
  String clock() {
    String who = service == null ? "an unnamed service" : service;
    return host == null ? who : who + " on " + host;
  }

  /** True when both ran on the same known host, so one clock stamped both. */
  boolean sameHost(TraceEvent other) {
    return host != null && host.equals(other.host);
  }

  private static long millis(Object epochSeconds) {
    return epochSeconds instanceof Number n ? Math.round(n.doubleValue() * 1000) : 0;
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() ? s : null;
  }
}
