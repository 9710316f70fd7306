package io.mercury.log;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layering: queries and deletions are the store's; records and the store know no transport. */
class LogArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.mercury.log");

  @Test
  void onlyTheStoreQueriesMongo() {
    noClasses()
        .that()
        .resideInAnyPackage("..log.record..")
        .or()
        .haveSimpleName("LogIngest")
        .or()
        .haveSimpleName("LogEndpoints")
        .or()
        .haveSimpleName("LogHandler")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.mongodb..")
        .check(CLASSES);
  }

  @Test
  void recordsAndTheStoreKnowNoTransport() {
    noClasses()
        .that()
        .resideInAnyPackage("..log.record..", "..log.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..", "io.mercury.common.transport..")
        .check(CLASSES);
  }

  @Test
  void onlyTheTransportUsesZeroMqDirectly() {
    noClasses()
        .that()
        .doNotHaveSimpleName("LogService")
        .and()
        .doNotHaveSimpleName("LogMain")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..")
        .check(CLASSES);
  }
}
