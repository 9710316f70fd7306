package io.mercury.rpc;

import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;
import java.util.List;

/**
 * mercury-rpc: bson only in the store; only the agent link owns sockets besides common.transport;
 * no inventory or agent classes (they are test dependencies only).
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violations, issue 17 (item 4): the mains open the MongoClient and hand its database to the
   * pieces they wire (the daemon skeleton is to take this over). Jobs and tasks are records outside
   * the store (item 3).
   */
  private static final KnownViolations MONGO_OUTSIDE_STORE =
      KnownViolations.of(
          "io.mercury.rpc.backend.BackendMain",
          "io.mercury.rpc.frontend.FrontendMain");

  @Override
  protected Module module() {
    return Module.of("io.mercury.rpc")
        .withTransport(List.of("io.mercury.rpc.link.."))
        .withMongoOutsideStore(MONGO_OUTSIDE_STORE);
  }
}
