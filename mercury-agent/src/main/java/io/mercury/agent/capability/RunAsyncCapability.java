package io.mercury.agent.capability;

import java.util.List;
import java.util.Map;

/**
 * {@code run_async(command)}: starts a command in the background (without a shell, unlike the original)
 * and returns its pid at once; its output is discarded.
 */
public final class RunAsyncCapability implements Capability {
  private static final CapabilityDescriptor DESCRIPTOR =
      CapabilityDescriptor.of("run_async", "Run a command in the background", "COMMAND [ARG...]")
          .withNumArgs(1)
          .withDoc("Starts the command and returns its pid without waiting; its output is discarded.");

  @Override
  public CapabilityDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception {
    return Commands.startDetached(Commands.argv(args.get(0)));
  }
}
