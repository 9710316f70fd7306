package io.mercury.inventory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layering: only the store talks to MongoDB; nothing but the service wiring touches transport. */
class InventoryArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.mercury.inventory");

  @Test
  void onlyTheStoreUsesTheMongoDriver() {
    noClasses()
        .that()
        .resideInAnyPackage("..inventory.endpoint..", "..inventory.merge..", "..inventory.query..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.mongodb..")
        .check(CLASSES);
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
