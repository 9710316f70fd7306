package io.mercury.inventory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
 * mercury-inventory: only the store talks to MongoDB; nothing but the service wiring touches
 * transport.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = mainClasses("io.mercury.inventory");

  /**
   * Known violations, issue 17 (items 3 and 4): the daemon's wiring opens the MongoClient, and code
   * outside the store builds bson; move both behind the *.store package. QueryGuard checks bson
   * query documents.
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.inventory.InventoryMain",
          "io.mercury.inventory.InventoryService",
          "io.mercury.inventory.query.QueryGuard");

  @Test
  void onlyTheStoreUsesMongo() {
    onlyStoresUseMongo(MONGO_OUTSIDE_STORE).check(CLASSES);
  }

  @Test
  void onlyTheTransportUsesZeroMq() {
    onlyTransportUsesZeroMq(List.of(), KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void usesNoOtherDaemon() {
    usesOnlyModules(
            List.of("io.mercury.inventory", "io.mercury.common"),
            KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    checkNoPackageCycles("io.mercury.inventory", CLASSES);
  }

  @Test
  void endpointsAndRulesKnowNoTransport() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..inventory.endpoint..", "..inventory.merge..", "..inventory.query..", "..inventory.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..", "io.mercury.common.transport..")
        .check(CLASSES);
  }
}
