package io.mercury.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Realistic device documents in the original's shape (docs/protocol.md, "Device document"), seeded so runs are comparable:
 * DMI, CPUs, memory, four NICs with MACs and PCI details, disks and a PCI list.
 */
public final class SyntheticDevices {
  private static final String[][] MODELS = {
    {"Dell Inc.", "PowerEdge R640"}, {"Dell Inc.", "PowerEdge R740xd"}, {"HPE", "ProLiant DL360 Gen10"},
    {"HPE", "ProLiant DL380 Gen10"}, {"Supermicro", "SYS-1029P-WTR"}, {"Lenovo", "ThinkSystem SR650"}
  };
  private static final long GIB = 1L << 30;

  private final RandomGenerator random;

  public SyntheticDevices(RandomGenerator random) {
    this.random = random;
  }

  /** The mercury_id of device {@code i}: a 01-prefixed id, unique per index. */
  public static String mercuryId(int i) {
    return String.format("01%040x", 0x5eed_0000_0000L + i);
  }

  public Map<String, Object> device(int i) {
    String[] model = MODELS[i % MODELS.length];
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("mercury_id", mercuryId(i));
    doc.put("agent_info", Map.of("agent_version", "0.1.0", "mercury_version", "0.1.0", "hostname", "node-" + i));
    Map<String, Object> dmi = new LinkedHashMap<>();
    dmi.put("sys_vendor", model[0]);
    dmi.put("product_name", model[1]);
    dmi.put("product_serial", String.format("SN%08d", i));
    dmi.put("product_uuid", String.format("4c4c4544-%04x-%04x-%04x-%012x", i & 0xffff, 0x10, 0x80, (long) i));
    dmi.put("bios_vendor", model[0]);
    dmi.put("bios_version", "2.12." + (i % 7));
    dmi.put("chassis_type", "23");
    doc.put("dmi", dmi);
    int sockets = 1 + (i % 2);
    List<Object> cpus = new ArrayList<>();
    for (int s = 0; s < sockets; s++) {
      cpus.add(
          Map.of(
              "physical_id", (long) s, "cores", 20L, "threads", 40L,
              "model_name", "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", "cache_size", "28160 KB",
              "flags", List.of("fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "avx2", "avx512f")));
    }
    doc.put("cpu", cpus);
    long memGib = 64L << (i % 4);
    doc.put("mem", Map.of("MemTotal", memGib * GIB - 3 * GIB, "MemFree", memGib * GIB / 2, "SwapTotal", 0L));
    List<Object> nics = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      Map<String, Object> nic = new LinkedHashMap<>();
      nic.put("devname", "eno" + (n + 1));
      nic.put("address", String.format("24:6e:96:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, ((i & 0xff) + n) & 0xff));
      nic.put("carrier", n < 2);
      nic.put("speed", n < 2 ? "25000" : "1000");
      nic.put("duplex", "full");
      nic.put("driver", n < 2 ? "mlx5_core" : "tg3");
      nic.put("pci_slot", String.format("0000:%02x:00.%d", 0x18 + n / 2, n % 2));
      nic.put("predictable_names", Map.of("biosdevname", "em" + (n + 1), "systemd_udev", "enp24s0f" + n));
      nics.add(nic);
    }
    doc.put("interfaces", nics);
    List<Object> disks = new ArrayList<>();
    for (int d = 0; d < 2 + random.nextInt(4); d++) {
      disks.add(Map.of("devname", "sd" + (char) ('a' + d), "media_type", d == 0 ? "ssd" : "disk",
          "size", (long) (480 + random.nextInt(8000)) * 1_000_000_000L, "model", "MZ7LH480HAHQ"));
    }
    doc.put("os_storage", disks);
    List<Object> pci = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      pci.add(Map.of("slot", String.format("0000:%02x:00.0", p), "class_name", "Ethernet controller",
          "vendor_name", "Mellanox Technologies", "device_name", "MT27800 Family [ConnectX-5]"));
    }
    doc.put("pci", pci);
    doc.put("system_health", Map.of("corrected_hardware_event_count", (long) random.nextInt(3), "has_errors", false));
    return doc;
  }
}
