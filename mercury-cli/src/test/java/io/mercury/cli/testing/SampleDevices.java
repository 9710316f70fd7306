package io.mercury.cli.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Device documents shaped like the agent's (docs/protocol.md, "Device document"), for rendering and end-to-end tests. */
public final class SampleDevices {
  public static final String HP_ID = "0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";
  public static final String DELL_ID = "0130f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c";
  public static final String VM_ID = "0000000000000000000000000000000000000000ab";

  private SampleDevices() {}

  /** An active HP server: 2 CPUs, 128 GiB, 4 NICs, product serial. */
  public static Map<String, Object> hp() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mercury_id", HP_ID);
    d.put("dmi", map("sys_vendor", "HP", "product_name", "ProLiant DL360 Gen9",
        "product_serial", "MXQ1234567", "chassis_serial", "CHS-HP-1", "chassis_type", "23"));
    d.put("cpu", List.of(cpu(0, "Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz"),
        cpu(1, "Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz")));
    d.put("mem", map("MemTotal", 137_438_953_472L, "MemFree", 1_000_000L, "Active(anon)", 5L));
    d.put("interfaces", List.of(nic("eno1", "00:1b:21:aa:bb:01"), nic("eno2", "00:1b:21:aa:bb:02"),
        nic("ens1f0", "00:1b:21:aa:bb:03"), nic("ens1f1", "00:1b:21:aa:bb:04")));
    d.put("active", map("rpc_address", "10.0.0.11", "rpc_port", 9003L, "ping_port", 9004L,
        "capabilities", map("echo", map("description", "Echo back"))));
    d.put("bmc", map("network", map("ip_address", "10.1.0.11", "source", "static")));
    return d;
  }

  /** An inactive Dell: product serial unreadable (""), chassis serial set, CPUs of two models. */
  public static Map<String, Object> dell() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mercury_id", DELL_ID);
    d.put("dmi", map("sys_vendor", "Dell Inc.", "product_name", "PowerEdge R640",
        "product_serial", "", "chassis_serial", "7XK9Q2", "chassis_type", "23"));
    d.put("cpu", List.of(cpu(0, "Intel(R) Xeon(R) Gold 6130"), cpu(1, "Intel(R) Xeon(R) Gold 6130"),
        cpu(2, "Intel(R) Xeon(R) Gold 6140")));
    d.put("mem", map("MemTotal", 68_719_476_736L));
    d.put("interfaces", List.of(nic("eno1", "f8:bc:12:00:00:01"), nic("eno2", "f8:bc:12:00:00:02")));
    d.put("active", null);
    return d;
  }

  /** A VM whose inspectors failed: dmi and cpu null, no interfaces key, MemTotal a float. */
  public static Map<String, Object> vm() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mercury_id", VM_ID);
    d.put("dmi", null);
    d.put("cpu", null);
    d.put("mem", map("MemTotal", 2.147483648E9));
    return d;
  }

  public static List<Map<String, Object>> all() {
    return List.of(hp(), dell(), vm());
  }

  private static Map<String, Object> cpu(long id, String model) {
    return map("physical_id", id, "cores", 12L, "model_name", model);
  }

  private static Map<String, Object> nic(String name, String mac) {
    return map("devname", name, "address", mac, "carrier", true);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
