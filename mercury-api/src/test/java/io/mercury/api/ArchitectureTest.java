package io.mercury.api;

import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;

/**
 * mercury-api: no sockets of its own; it reaches the services through common's client, never
 * through their classes.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violation, issue 17 (item 4): ApiMain opens a MongoClient; move it behind a *.store
   * factory.
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.api.ApiMain");

  @Override
  protected Module module() {
    return Module.of("io.mercury.api")
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE);
  }
}
