package io.mercury.bench.fleet;

import static io.mercury.bench.fleet.FleetReport.median;
import static io.mercury.bench.fleet.FleetReport.ms;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ServiceClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The job fan-out phase: one echo job on every agent through the frontend, until the job's {@code
 * time_completed}; then the stored tasks give the first, median, p99 and last result, when tasks were
 * dispatched and reported, and how many ended SUCCESS. Prints the job's counts.
 *
 * <p>Threading: the benchmark's main thread.
 */
final class FanOutPhase {
  private final ServiceClient frontend;
  private final ProcessSampler sampler;

  FanOutPhase(ServiceClient frontend, ProcessSampler sampler) {
    this.frontend = frontend;
    this.sampler = sampler;
  }

  /** One echo job on every agent, until its time_completed; figures under {@code label}. */
  void run(String label, Map<String, Long> pids, Map<String, Double> out) throws Exception {
    Map<String, Long> cpu1 = sampler.ticks(pids);
    long t1 = System.nanoTime();
    double epoch1 = System.currentTimeMillis() / 1000.0;
    Object created =
        frontend.invoke(
            new Request(
                "create_job",
                List.of(Map.of("origin.name", BenchStack.BACKEND_NAME), Map.of("method", "echo", "args", List.of("hello"))),
                Map.of()),
            true);
    double createMs = ms(System.nanoTime() - t1);
    String jobId = (String) ((Map<?, ?>) created).get("job_id");
    Map<?, ?> job;
    while (true) {
      job = (Map<?, ?>) frontend.invoke(new Request("get_job", List.of(jobId), Map.of()), true);
      if (job.get("time_completed") != null) {
        break;
      }
      BenchStack.sleep(20);
    }
    double fanoutMs = ms(System.nanoTime() - t1);
    sampler.cpuSince(label, pids, cpu1, out);
    out.put(label + ": backend open files after", (double) ProcessSampler.openFiles(pids.get("backend")));
    Map<?, ?> tasks =
        (Map<?, ?>)
            frontend.invoke(
                new Request("get_job_tasks", List.of(jobId), Map.of("projection", Map.of("status", 1, "time_completed", 1, "time_dispatched", 1, "agent_time_completed", 1))),
                true);
    List<Double> completions = new ArrayList<>();
    List<Double> dispatched = new ArrayList<>();
    List<Double> reported = new ArrayList<>();
    long success = 0;
    for (Object t : (List<?>) tasks.get("tasks")) {
      Map<?, ?> task = (Map<?, ?>) t;
      completions.add(((Number) task.get("time_completed")).doubleValue());
      if (task.get("time_dispatched") instanceof Number d) {
        dispatched.add((d.doubleValue() - epoch1) * 1000);
      }
      if (task.get("agent_time_completed") instanceof Number a) {
        reported.add((a.doubleValue() - epoch1) * 1000);
      }
      success += "SUCCESS".equals(task.get("status")) ? 1 : 0;
    }
    Collections.sort(completions);
    System.out.println("  job counts: " + job.get("counts"));
    out.put(label + ": create_job call (ms)", createMs);
    out.put(label + ": first result (ms)", (completions.getFirst() - epoch1) * 1000);
    out.put(label + ": last result (ms)", (completions.getLast() - epoch1) * 1000);
    out.put(label + ": median time_dispatched (ms)", dispatched.isEmpty() ? Double.NaN : median(dispatched));
    out.put(label + ": last time_dispatched (ms)", dispatched.isEmpty() ? Double.NaN : Collections.max(dispatched));
    out.put(label + ": median agent reported (ms)", reported.isEmpty() ? Double.NaN : median(reported));
    out.put(label + ": last agent reported (ms)", reported.isEmpty() ? Double.NaN : Collections.max(reported));
    out.put(label + ": median result stored (ms)", (median(completions) - epoch1) * 1000);
    out.put(label + ": p99 result stored (ms)", (completions.get((int) Math.ceil(0.99 * completions.size()) - 1) - epoch1) * 1000);
    out.put(label + ": job complete seen (ms)", fanoutMs);
    out.put(label + ": tasks SUCCESS", (double) success);
  }
}
