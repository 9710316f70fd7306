package io.mercury.bench;

import static io.mercury.common.arch.ArchitectureRules.checkNoPackageCycles;
import static io.mercury.common.arch.ArchitectureRules.mainClasses;
import static io.mercury.common.arch.ArchitectureRules.onlyStoresUseMongo;
import static io.mercury.common.arch.ArchitectureRules.onlyTransportUsesZeroMq;
import static io.mercury.common.arch.ArchitectureRules.usesOnlyModules;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mercury-bench: a harness; it may start inventory and log in process but uses no rpc, agent, boot,
 * api or cli classes, and only the simulated fleet speaks ZeroMQ directly.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = mainClasses("io.mercury.bench");

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

  @Test
  void onlyTheStoreUsesMongo() {
    onlyStoresUseMongo(MONGO_OUTSIDE_STORE).check(CLASSES);
  }

  @Test
  void onlyTheTransportUsesZeroMq() {
    onlyTransportUsesZeroMq(List.of("io.mercury.bench.fleet.."), SOCKETS_OUTSIDE_TRANSPORT)
        .check(CLASSES);
  }

  @Test
  void usesNoOtherDaemon() {
    usesOnlyModules(
            List.of("io.mercury.bench", "io.mercury.common", "io.mercury.inventory",
                "io.mercury.log", "io.mercury.inspector", "io.mercury.nacl"),
            KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    checkNoPackageCycles("io.mercury.bench", CLASSES);
  }
}
