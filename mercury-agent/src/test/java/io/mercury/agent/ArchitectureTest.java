package io.mercury.agent;

import static io.mercury.common.arch.ArchitectureRules.checkNoPackageCycles;
import static io.mercury.common.arch.ArchitectureRules.mainClasses;
import static io.mercury.common.arch.ArchitectureRules.onlyStoresUseMongo;
import static io.mercury.common.arch.ArchitectureRules.onlyTransportUsesZeroMq;
import static io.mercury.common.arch.ArchitectureRules.usesOnlyModules;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mercury.common.arch.ArchitectureRules.CycleBreak;
import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mercury-agent: no database; sockets only through common.transport; no rpc or inventory classes
 * (it speaks to them over the wire).
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = mainClasses("io.mercury.agent");

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

  @Test
  void onlyTheStoreUsesMongo() {
    onlyStoresUseMongo(KnownViolations.none()).check(CLASSES);
  }

  @Test
  void onlyTheTransportUsesZeroMq() {
    onlyTransportUsesZeroMq(List.of(), SOCKETS_OUTSIDE_TRANSPORT)
        .check(CLASSES);
  }

  @Test
  void usesNoOtherDaemon() {
    usesOnlyModules(
            List.of("io.mercury.agent", "io.mercury.common", "io.mercury.inspector"),
            KnownViolations.none())
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    checkNoPackageCycles("io.mercury.agent", CLASSES, KNOWN_CYCLES);
  }
}
