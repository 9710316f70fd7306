package io.mercury.cli.command.boot;

import io.mercury.common.bootscript.BootScriptRendering;
import io.mercury.common.bootscript.BootScriptRendering.Rendered;
import io.mercury.common.bootscript.BootScriptRendering.UnsafeValue;
import java.util.List;
import java.util.Objects;

/**
 * The script one device would boot after {@code mcli boot script}, rendered as the boot service would
 * render it.
 *
 * @param mercuryId the device
 * @param boots what it boots now ({@link BootPlan#of})
 * @param rendering the script rendered with its document
 */
record DeviceScript(String mercuryId, String boots, BootScriptRendering rendering) {
  DeviceScript {
    Objects.requireNonNull(mercuryId, "mercuryId is null");
    Objects.requireNonNull(boots, "boots is null");
    Objects.requireNonNull(rendering, "rendering is null");
  }

  /** The variables rendered empty: none for a script that is not served. */
  List<String> missing() {
    return rendering instanceof Rendered r ? r.missing() : List.of();
  }

  /**
   * Whether the device would boot the script with a value for every variable: nothing missing, and
   * no value that makes the boot service refuse it.
   */
  boolean clean() {
    return rendering instanceof Rendered r && r.missing().isEmpty();
  }

  /** What is wrong, in a few words: {@code missing ip, dmi.sys_vendor}; empty when {@link #clean}. */
  String problem() {
    return switch (rendering) {
      case Rendered r -> r.missing().isEmpty() ? "" : "missing " + String.join(", ", r.missing());
      case UnsafeValue u -> "value of {{" + u.variable() + "}} unsafe in iPXE";
    };
  }
}
