package io.mercury.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small machine tree for {@code agent.inspect_root}: DMI with the given product UUID (which
 * decides the mercury_id), a host name, memory, interrupts with an MCE counter and one EDAC memory
 * controller. Tests change files in it to simulate hardware changes.
 */
public final class FixtureHost {
  private FixtureHost() {}

  public static Path write(Path root, String productUuid) throws IOException {
    file(root, "sys/class/dmi/id/product_uuid", productUuid);
    file(root, "sys/class/dmi/id/sys_vendor", "Mercury Test");
    file(root, "sys/class/dmi/id/product_name", "Fixture Host");
    file(root, "etc/hostname", "fixture-host");
    file(root, "proc/meminfo", "MemTotal:       16384 kB\nMemFree:         8192 kB\n");
    file(root, "proc/interrupts",
        "           CPU0       CPU1\n  0:         10          0   IO-APIC    2-edge      timer\n"
            + " MCE:          0          0   Machine check exceptions\n");
    file(root, "sys/devices/system/edac/mc/mc0/ce_count", "0");
    file(root, "sys/devices/system/edac/mc/mc0/ue_count", "0");
    return root;
  }

  /** Writes (or replaces) one file of the tree, given as on the machine without the leading slash. */
  public static void file(Path root, String machinePath, String content) throws IOException {
    Path p = root.resolve(machinePath);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content + (content.endsWith("\n") ? "" : "\n"));
  }
}
