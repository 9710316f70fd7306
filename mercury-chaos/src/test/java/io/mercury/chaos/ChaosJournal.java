package io.mercury.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link ChaosFleet}'s agents did, for the chaos tests to check the store against: each agent's
 * executions of each task, re-deliveries refused as duplicates, results the backend acknowledged or refused,
 * registrations accepted and pings answered.
 *
 * <p>Threading: written by the fleet's loop thread only; read from any thread (concurrent maps and
 * atomics; every read returns a copy or a single value).
 */
final class ChaosJournal {
  private final Map<String, Map<Integer, AtomicInteger>> executions = new ConcurrentHashMap<>();
  private final Map<String, ChaosFleet.Acked> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, String> refused = new ConcurrentHashMap<>();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong registrations = new AtomicLong();
  private final AtomicLong pings = new AtomicLong();

  /**
   * Journals agent {@code agent} taking on {@code taskId}; false (and a duplicate counted) if it had
   * already, in which case it must not run it again.
   */
  boolean execute(String taskId, int agent) {
    Map<Integer, AtomicInteger> byAgent = executions.computeIfAbsent(taskId, k -> new ConcurrentHashMap<>());
    if (byAgent.containsKey(agent)) {
      duplicates.incrementAndGet();
      return false;
    }
    byAgent.computeIfAbsent(agent, k -> new AtomicInteger()).incrementAndGet();
    return true;
  }

  void acknowledged(String taskId, ChaosFleet.Acked acked) {
    acknowledged.put(taskId, acked);
  }

  void refused(String taskId, String reply) {
    refused.put(taskId, reply);
  }

  void registered() {
    registrations.incrementAndGet();
  }

  void pinged() {
    pings.incrementAndGet();
  }

  long registrations() {
    return registrations.get();
  }

  long pings() {
    return pings.get();
  }

  Map<Integer, Integer> executions(String taskId) {
    Map<Integer, Integer> out = new HashMap<>();
    executions.getOrDefault(taskId, Map.of()).forEach((agent, count) -> out.put(agent, count.get()));
    return out;
  }

  List<String> executedTasks() {
    return List.copyOf(executions.keySet());
  }

  long duplicates() {
    return duplicates.get();
  }

  ChaosFleet.Acked acknowledged(String taskId) {
    return acknowledged.get(taskId);
  }

  Map<String, ChaosFleet.Acked> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  Map<String, String> refused() {
    return Map.copyOf(refused);
  }

  OptionalLong firstAckAfter(long nanos) {
    return acknowledged.values().stream().mapToLong(ChaosFleet.Acked::atNanos).filter(t -> t - nanos >= 0).min();
  }
}
