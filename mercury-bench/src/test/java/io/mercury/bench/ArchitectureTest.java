package io.mercury.bench;

import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;
import java.util.List;

/**
 * mercury-bench: a harness; it may start inventory and log in process and uses the test kit's simulated
 * agent protocol, but no rpc, agent, boot, api or cli classes, and only the simulated fleet speaks ZeroMQ directly.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violations, issue 17 (item 3): the store benchmarks and the fleet's key set-up write bson
   * directly; move them onto the stores' records.
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.bench.InventoryBenchmark",
          "io.mercury.bench.LogBenchmark",
          "io.mercury.bench.StoreBenchmark",
          "io.mercury.bench.fleet.FleetCurve");

  /**
   * Known violations, issue 17 (item 2): these benchmarks drive raw sockets instead of the typed
   * clients.
   */
  private static final KnownViolations SOCKETS_OUTSIDE_TRANSPORT =
      KnownViolations.of(
          "io.mercury.bench.CurveHandshakeBenchmark",
          "io.mercury.bench.OriginalJnacl",
          "io.mercury.bench.fuzz.FuzzBenchmark");

  @Override
  protected Module module() {
    return Module.of("io.mercury.bench").alsoUsing("io.mercury.inventory", "io.mercury.log", "io.mercury.inspector", "io.mercury.nacl", "io.mercury.testkit")
        .withTransport(List.of("io.mercury.bench.fleet.."))
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE)
        .withZeroMqOutsideTransport(SOCKETS_OUTSIDE_TRANSPORT);
  }
}
