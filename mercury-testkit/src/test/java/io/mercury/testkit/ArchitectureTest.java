package io.mercury.testkit;

import io.mercury.common.arch.ModuleArchitectureTest;
import java.util.List;

/** mercury-testkit: simulated peers; uses only mercury-common, and only {@code agent} owns sockets. */
class ArchitectureTest extends ModuleArchitectureTest {
  @Override
  protected Module module() {
    return Module.of("io.mercury.testkit").withTransport(List.of("io.mercury.testkit.agent.."));
  }
}
