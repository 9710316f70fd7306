package io.mercury.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.mercury.common.arch.ArchitectureRules;
import io.mercury.common.arch.ArchitectureRules.CycleBreak;
import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * mercury-common: protocol code knows no transport and no database; only the transport and security
 * (CURVE keys, ZAP) packages touch ZeroMQ; only the boot script package touches mustache.java.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link ArchitectureRules}. Each list of known
 * violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violations, issue 17 (items 3 and 6): bson outside the store. MsgPack encodes bson
   * values; the security package keeps keys, tokens and the audit trail in MongoDB, and
   * AuditTargets reads audit documents (KeyStore's pieces are the KeyStore split by concern). Move the bson code to common.store (or the split-out
   * security store).
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.common.codec.MsgPack",
          "io.mercury.common.dispatch.AuditTargets",
          "io.mercury.common.security.AuditRecord",
          "io.mercury.common.security.AuditTrail",
          "io.mercury.common.security.ConfiguredKeys",
          "io.mercury.common.security.EnrolmentTokens",
          "io.mercury.common.security.KeyChanges",
          "io.mercury.common.security.KeyEnrolment",
          "io.mercury.common.security.KeyEntry",
          "io.mercury.common.security.KeyLookup",
          "io.mercury.common.security.KeyRecords",
          "io.mercury.common.security.KeyStore",
          "io.mercury.common.security.KeyTransitions",
          "io.mercury.common.security.TransportSecurity");

  /**
   * Known cycle logging -> security (and transport) -> store -> logging, issue 17 (item 6): the
   * embedded store's launcher configures logging; it moves to a module of its own.
   */
  private static final CycleBreak[] KNOWN_CYCLES = {
    new CycleBreak("io.mercury.common.store.EmbeddedStoreMain", "io.mercury.common.logging")
  };

  @Override
  protected Module module() {
    return Module.of("io.mercury.common").usingOnly("io.mercury.common")
        .withTransport(ArchitectureRules.COMMON_TRANSPORT)
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE)
        .withKnownCycles(KNOWN_CYCLES);
  }

  @Test
  void protocolAndCodecUseNeitherZeroMqNorTheMongoDriver() {
    noClasses()
        .that()
        .resideInAnyPackage("..common.protocol..", "..common.codec..", "..common.id..", "..common.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..", "zmq..", "com.mongodb..")
        .check(classes());
  }

  @Test
  void onlyTheBootScriptPackageUsesMustache() {
    noClasses()
        .that()
        .resideOutsideOfPackages("..common.bootscript..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.github.mustachejava..")
        .check(classes());
  }
}
