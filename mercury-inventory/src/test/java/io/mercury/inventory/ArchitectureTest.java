package io.mercury.inventory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * mercury-inventory: only the store talks to MongoDB; nothing but the service wiring touches
 * transport.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
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

  @Override
  protected Module module() {
    return Module.of("io.mercury.inventory")
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE);
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
        .check(classes());
  }
}
