package io.mercury.common.store;

import io.mercury.common.arch.ArchitectureRules;
import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;

/**
 * mercury-store: what the daemons keep in MongoDB: {@code store} (connector, outages),
 * {@code store.keys} (the key store, enrolment tokens, the store-backed allow-list) and
 * {@code store.audit} (the audit trail), plus the audited {@code dispatch.Dispatcher} and
 * {@code security.TransportSecurity}, which keep mercury-common's package names. It uses only
 * mercury-common, and its sockets are the CURVE/ZAP ones of the security package.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link ArchitectureRules}. Each list of known
 * violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violations, issue 17 (item 6): TransportSecurity is handed the security database to build
   * its key store, and AuditTargets writes an audited call's map arguments as JSON with bson's
   * writer; the rest of MongoDB's users are in {@code store}, {@code store.keys} and
   * {@code store.audit}.
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.common.dispatch.AuditTargets",
          "io.mercury.common.security.TransportSecurity");

  @Override
  protected Module module() {
    return Module.of("io.mercury.common").usingOnly("io.mercury.common")
        .withTransport(ArchitectureRules.COMMON_TRANSPORT)
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE);
  }
}
