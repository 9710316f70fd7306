package io.mercury.boot;

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
 * mercury-boot: no database and no sockets of its own; it reaches inventory through common's
 * client.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = mainClasses("io.mercury.boot");

  @Test
  void onlyTheStoreUsesMongo() {
    onlyStoresUseMongo(KnownViolations.none()).check(CLASSES);
  }

  @Test
  void onlyTheTransportUsesZeroMq() {
    onlyTransportUsesZeroMq(List.of(), KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void usesNoOtherDaemon() {
    usesOnlyModules(
            List.of("io.mercury.boot", "io.mercury.common"),
            KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    checkNoPackageCycles("io.mercury.boot", CLASSES);
  }
}
