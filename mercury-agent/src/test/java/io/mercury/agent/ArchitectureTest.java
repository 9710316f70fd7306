package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.arch.ArchitectureRules.CycleBreak;
import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;
import io.mercury.common.arch.RuntimeClassPath;
import org.junit.jupiter.api.Test;

/**
 * mercury-agent: no database; sockets only through common.transport; no rpc or inventory classes
 * (it speaks to them over the wire).
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violation, issue 17 (item 6): PongServer owns the agent's REP socket directly; move it to
   * an agent transport package (or onto common.transport).
   */
  private static final KnownViolations SOCKETS_OUTSIDE_TRANSPORT =
      KnownViolations.of(
          "io.mercury.agent.PongServer");

  /**
   * Known cycle (root) <-> capability, issue 17 (item 6): AgentEnvironment and two capabilities use
   * the agent's config, device document and backend client; give capabilities an interface of their
   * own in the capability package.
   */
  private static final CycleBreak[] KNOWN_CYCLES = {
    new CycleBreak("io.mercury.agent.capability.AgentEnvironment", "io.mercury.agent"),
    new CycleBreak("io.mercury.agent.capability.CheckHardwareCapability", "io.mercury.agent"),
    new CycleBreak("io.mercury.agent.capability.InspectorCapability", "io.mercury.agent")
  };

  @Override
  protected Module module() {
    return Module.of("io.mercury.agent").alsoUsing("io.mercury.inspector")
        .withZeroMqOutsideTransport(SOCKETS_OUTSIDE_TRANSPORT)
        .withKnownCycles(KNOWN_CYCLES);
  }

  /**
   * Issue 17 item 6: the agent is put in a RAM-booted image with its runtime class path, and mcli is a
   * small tool; neither carries MongoDB (driver, bson), the embedded store (mongo-java-server, H2,
   * netty) or Mercury's store modules, directly or through a dependency.
   */
  @Test
  void noDatabaseOnTheRuntimeClassPath() throws Exception {
    assertThat(RuntimeClassPath.entries()).isNotEmpty();
    assertThat(RuntimeClassPath.matching(RuntimeClassPath.DATABASE)).isEmpty();
  }
}
