package io.mercury.agent.capability;

import java.util.List;
import java.util.Map;

/** {@code reboot()}: reboots the machine five seconds later, so the completion reaches the backend first. */
public final class RebootCapability implements Capability {
  private static final CapabilityDescriptor DESCRIPTOR =
      CapabilityDescriptor.of("reboot", "Reboot the machine", "")
          .withNumArgs(0)
          .withSerial(true)
          .withNoReturn(true)
          .withDoc("Runs `reboot` after five seconds.");

  @Override
  public CapabilityDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public boolean isAvailable() {
    return Commands.onPath("reboot");
  }

  @Override
  public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception {
    Commands.startDetached(List.of("sh", "-c", "sleep 5; exec reboot"));
    return null;
  }
}
