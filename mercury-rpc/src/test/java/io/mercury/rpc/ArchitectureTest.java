package io.mercury.rpc;

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
 * mercury-rpc: bson only in the store; only the agent link owns sockets besides common.transport;
 * no inventory or agent classes (they are test dependencies only).
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = mainClasses("io.mercury.rpc");

  /**
   * Known violations, issue 17 (item 4): the mains open the MongoClient and hand its database to the
   * pieces they wire (the daemon skeleton is to take this over). Jobs and tasks are records outside
   * the store (item 3).
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.rpc.backend.BackendMain",
          "io.mercury.rpc.frontend.FrontendMain");

  @Test
  void onlyTheStoreUsesMongo() {
    onlyStoresUseMongo(MONGO_OUTSIDE_STORE).check(CLASSES);
  }

  @Test
  void onlyTheTransportUsesZeroMq() {
    onlyTransportUsesZeroMq(List.of("io.mercury.rpc.link.."), KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void usesNoOtherDaemon() {
    usesOnlyModules(
            List.of("io.mercury.rpc", "io.mercury.common"),
            KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    checkNoPackageCycles("io.mercury.rpc", CLASSES);
  }
}
