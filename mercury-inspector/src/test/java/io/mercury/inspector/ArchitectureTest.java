package io.mercury.inspector;

import io.mercury.common.arch.ModuleArchitectureTest;

/**
 * mercury-inspector: a library the agent runs; no database, no ZeroMQ, no daemon's classes.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  @Override
  protected Module module() {
    return Module.of("io.mercury.inspector");
  }
}
