package io.mercury.cli;

import static io.mercury.common.arch.ArchitectureRules.doNotUse;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.arch.ArchitectureRules.CycleBreak;
import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import io.mercury.common.arch.ModuleArchitectureTest;
import io.mercury.common.arch.RuntimeClassPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mercury-cli: talks to the services only through its clients (commands, output and filters use no
 * transport) and uses no daemon's classes.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link io.mercury.common.arch.ArchitectureRules}.
 * Each list of known violations names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  /**
   * Known violation, issue 17 (item 2): {@code mcli log --follow} subscribes to the log service's
   * PUB
   * stream itself; move the subscription into LogClient.
   */
  private static final KnownViolations TRANSPORT_OUTSIDE_CLIENTS =
      KnownViolations.of("io.mercury.cli.command.log.LogCommand");

  /**
   * Known cycle (root) <-> command (also through output), by picocli's design: the root command
   * lists its subcommands, which reach it through @ParentCommand. Listed so that no other cycle
   * joins it.
   */
  private static final CycleBreak[] KNOWN_CYCLES = {
    new CycleBreak("io.mercury.cli.Mcli", "io.mercury.cli.command..")
  };

  @Override
  protected Module module() {
    return Module.of("io.mercury.cli").alsoUsing("io.mercury.inspector")
        .withTransport(List.of("io.mercury.cli.client.."))
        .withKnownCycles(KNOWN_CYCLES);
  }

  @Test
  void commandsTalkOnlyThroughTheClients() {
    doNotUse(
            List.of("io.mercury.cli.command..", "io.mercury.cli.output..", "io.mercury.cli.filter..",
                "io.mercury.cli.trace.."),
            List.of("org.zeromq..", "zmq..", "io.mercury.common.transport.."),
            TRANSPORT_OUTSIDE_CLIENTS)
        .check(classes());
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
