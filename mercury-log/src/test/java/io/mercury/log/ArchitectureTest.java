package io.mercury.log;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * mercury-log: queries and deletions are the store's; records and the store know no transport.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violations, issue 17 (items 3 and 4): the daemon's wiring opens the MongoClient, and code
   * outside the store builds bson; move both behind the *.store package. The records and LogIngest
   * build bson documents.
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.log.LogIngest",
          "io.mercury.log.LogMain",
          "io.mercury.log.LogService",
          "io.mercury.log.record.OriginalRecord",
          "io.mercury.log.record.SenderIdentity",
          "io.mercury.log.record.StructuredEvent");

  @Override
  protected Module module() {
    return Module.of("io.mercury.log")
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE);
  }

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
        .check(classes());
  }

  @Test
  void recordsAndTheStoreKnowNoTransport() {
    noClasses()
        .that()
        .resideInAnyPackage("..log.record..", "..log.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..", "io.mercury.common.transport..")
        .check(classes());
  }

  @Test
  void onlyTheServiceWiringHoldsTheZeroMqContext() {
    noClasses()
        .that()
        .doNotHaveSimpleName("LogService")
        .and()
        .doNotHaveSimpleName("LogMain")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..")
        .check(classes());
  }
}
