package io.mercury.api;

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
 * mercury-api: no sockets of its own; it reaches the services through common's client, never
 * through their classes.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = mainClasses("io.mercury.api");

  /**
   * Known violation, issue 17 (item 4): ApiMain opens a MongoClient; move it behind a *.store
   * factory.
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.api.ApiMain");

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
            List.of("io.mercury.api", "io.mercury.common"),
            KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    checkNoPackageCycles("io.mercury.api", CLASSES);
  }
}
