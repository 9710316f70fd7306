package io.mercury.log;

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
 * mercury-log: queries and deletions are the store's; records and the store know no transport.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = mainClasses("io.mercury.log");

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
            List.of("io.mercury.log", "io.mercury.common"),
            KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    checkNoPackageCycles("io.mercury.log", CLASSES);
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
  void onlyTheServiceWiringHoldsTheZeroMqContext() {
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
