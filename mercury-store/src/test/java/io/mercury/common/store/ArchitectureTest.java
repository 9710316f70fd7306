package io.mercury.common.store;

import io.mercury.common.arch.ArchitectureRules;
import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;

/**
 * mercury-store: what the daemons keep in MongoDB. It keeps mercury-common's package names (the
 * classes moved out of common unchanged), uses only mercury-common, and its sockets are the CURVE/ZAP
 * ones of the security package.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link ArchitectureRules}. Each list of known
 * violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violations, issue 17 (item 6): the key store, enrolment tokens and audit trail live in the
   * security package and the audited dispatcher in dispatch; split them into packages that say they
   * are stores.
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.common.dispatch.AuditTargets",
          "io.mercury.common.security.AuditRecord",
          "io.mercury.common.security.AuditTrail",
          "io.mercury.common.security.ConfiguredKeys",
          "io.mercury.common.security.EnrolmentTokens",
          "io.mercury.common.security.KeyChanges",
          "io.mercury.common.security.KeyDocuments",
          "io.mercury.common.security.KeyEnrolment",
          "io.mercury.common.security.KeyLookup",
          "io.mercury.common.security.KeyRecords",
          "io.mercury.common.security.KeyStore",
          "io.mercury.common.security.KeyTransitions",
          "io.mercury.common.security.TransportSecurity");

  @Override
  protected Module module() {
    return Module.of("io.mercury.common").usingOnly("io.mercury.common")
        .withTransport(ArchitectureRules.COMMON_TRANSPORT)
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE);
  }
}
