package io.mercury.bench.fleet;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A simulated fleet as {@link FleetBenchmark} drives it: {@link FleetSimulator} or {@link ChannelFleet}. */
interface SimulatedFleet extends AutoCloseable {
  /** Registers every agent; completes with the number the backend accepted. */
  CompletableFuture<Integer> registerAll();

  FleetSimulator.Stats stats();

  String mercuryId(int i);

  /** Silences agent {@code i}, as if its process died. */
  void kill(int i);

  /** The processes the fleet runs in (for their CPU). */
  List<Long> pids();

  @Override
  void close();
}
