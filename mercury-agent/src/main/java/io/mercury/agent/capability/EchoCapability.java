package io.mercury.agent.capability;

import java.util.List;
import java.util.Map;

/** {@code echo(message)}: returns its one argument. */
public final class EchoCapability implements Capability {
  private static final CapabilityDescriptor DESCRIPTOR =
      CapabilityDescriptor.of("echo", "Echo something to the console", "MESSAGE")
          .withNumArgs(1)
          .withDoc("Returns its argument unchanged; a liveness check of the whole task path.");

  @Override
  public CapabilityDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) {
    return args.get(0);
  }
}
