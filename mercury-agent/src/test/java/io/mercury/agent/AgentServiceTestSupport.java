package io.mercury.agent;

/** Package-private helpers exposed to tests in this package. */
final class AgentServiceTestSupport {
  private AgentServiceTestSupport() {}

  static int port(String endpoint) {
    return io.mercury.common.transport.Addresses.port(endpoint);
  }
}
