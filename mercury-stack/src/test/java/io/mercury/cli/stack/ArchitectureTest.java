package io.mercury.cli.stack;

import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;

/**
 * mercury-stack: the local stack launcher; it uses mcli (the tour), mercury-common and the MongoDB
 * driver (to see the embedded store answer), and no daemon's classes: it starts them as processes.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /** Known violation, issue 17 (item 6): Probes pings the embedded store with the driver itself. */
  private static final KnownViolations MONGO_OUTSIDE_STORE = KnownViolations.of("io.mercury.cli.stack.Probes");

  @Override
  protected Module module() {
    return Module.of("io.mercury.cli.stack").alsoUsing("io.mercury.cli")
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE);
  }
}
