package io.mercury.cli.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code mcli inventory get ID}: one device for people. First a summary of what an operator looks for
 * (identity, agent state, hardware, addresses, boot state, when it was last updated), then
 * {@code -- document} and the whole document as an {@link Outline}, so nothing of the JSON is lost but
 * the noise (epoch floats, byte counts, braces).
 *
 * <pre>
 * mercury_id  0120a1b2...
 * hostname    node1
 * agent       active since 2026-12-01T09:30:00Z at 10.0.0.11:9003
 * vendor      HP
 * ...
 * -- document
 * dmi:
 *   sys_vendor: HP
 * </pre>
 */
public final class DeviceView {
  private DeviceView() {}

  /** The summary, then the document (its {@code mercury_id} is the summary's first line). */
  public static String render(Map<String, Object> device) {
    Map<String, Object> rest = new LinkedHashMap<>(device);
    rest.remove("mercury_id");
    return summary(device) + "-- document\n" + Outline.render(rest);
  }

  /** The summary lines alone. */
  public static String summary(Map<String, Object> device) {
    return new Summary()
        .add("mercury_id", Cells.text(device.get("mercury_id")))
        .add("hostname", hostname(device))
        .add("agent", agent(device.get("active")))
        .add("vendor", cell(device, "dmi.sys_vendor"))
        .add("product", cell(device, "dmi.product_name"))
        .add("serial", serial(device))
        .add("cpu", cpus(device.get("cpu")))
        .add("memory", DocumentPath.get(device, "mem.MemTotal") instanceof Number n ? Bytes.gib(n.doubleValue()) : null)
        .add("disks", disks(device.get("os_storage")))
        .add("interfaces", interfaces(device.get("interfaces")))
        .add("bmc", bmc(device))
        .add("boot", boot(device.get("boot")))
        .add("created", Times.utc(Times.epochSeconds(device.get("time_created"))))
        .add("updated", Times.utc(Times.epochSeconds(device.get("time_updated"))))
        .render();
  }

  private static String cell(Map<String, Object> device, String path) {
    return Cells.text(DocumentPath.get(device, path));
  }

  /** The inspector's {@code agent_info.hostname}, else the agent's, else a top-level one. */
  private static String hostname(Map<String, Object> device) {
    for (String path : List.of("agent_info.hostname", "active.hostname", "hostname")) {
      if (DocumentPath.get(device, path) instanceof String h && !h.isBlank()) {
        return h;
      }
    }
    return null;
  }

  /**
   * {@code active since T at ADDRESS:PORT}, or {@code "inactive"}: the backend clears {@code active} when
   * the agent stops answering, and keeps no time for that, so an inactive device has no "since".
   */
  private static String agent(Object active) {
    if (!(active instanceof Map<?, ?> a)) {
      return "inactive";
    }
    StringBuilder text = new StringBuilder("active");
    if (a.get("active_since") instanceof Number since) {
      text.append(" since ").append(Times.utc(since.doubleValue()));
    }
    if (a.get("rpc_address") instanceof String address) {
      text.append(" at ").append(address);
      if (a.get("rpc_port") != null) {
        text.append(':').append(Cells.text(a.get("rpc_port")));
      }
    }
    return text.toString();
  }

  private static String serial(Map<String, Object> device) {
    String product = cell(device, "dmi.product_serial");
    return product.equals(Cells.NONE) ? cell(device, "dmi.chassis_serial") : product;
  }

  /** {@code 2 x MODEL} per distinct model, then the cores they add up to. */
  private static String cpus(Object cpu) {
    String models = DeviceTable.cpuModels(cpu);
    if (models == null) {
      return null;
    }
    long cores = 0;
    for (Object c : (List<?>) cpu) {
      cores += c instanceof Map<?, ?> m && m.get("cores") instanceof Number n ? n.longValue() : 0;
    }
    return cores > 0 ? models + ", " + cores + " cores" : models;
  }

  /** One line per {@code os_storage} entry: name, size, media type, model. */
  private static List<String> disks(Object storage) {
    List<List<String>> rows = new ArrayList<>();
    if (storage instanceof List<?> disks) {
      for (Object d : disks) {
        Map<?, ?> disk = d instanceof Map<?, ?> m ? m : Map.of();
        rows.add(
            List.of(
                Cells.text(disk.get("devname")),
                disk.get("size") instanceof Number n ? Bytes.text(n.longValue()) : Cells.NONE,
                Cells.text(disk.get("media_type")),
                Cells.text(disk.get("model"))));
      }
    }
    return Table.body(rows).lines().toList();
  }

  /** One line per interface: name, MAC, IPv4 addresses, link speed ({@code no link} without carrier). */
  private static List<String> interfaces(Object interfaces) {
    List<List<String>> rows = new ArrayList<>();
    if (interfaces instanceof List<?> nics) {
      for (Object n : nics) {
        Map<?, ?> nic = n instanceof Map<?, ?> m ? m : Map.of();
        rows.add(
            List.of(
                Cells.text(nic.get("devname")),
                Cells.text(nic.get("address")),
                addresses(nic.get("address_info")),
                Boolean.FALSE.equals(nic.get("carrier")) ? "no link" : speed(nic.get("speed"))));
      }
    }
    return Table.body(rows).lines().toList();
  }

  private static String addresses(Object info) {
    if (!(info instanceof List<?> list)) {
      return Cells.NONE;
    }
    String joined =
        list.stream()
            .map(a -> a instanceof Map<?, ?> m ? m.get("addr") : null)
            .filter(a -> a instanceof String s && !s.isBlank())
            .map(String::valueOf)
            .collect(Collectors.joining(","));
    return joined.isEmpty() ? Cells.NONE : joined;
  }

  /** The kernel's speed in Mb/s ({@code "10000"}) as {@code 10 Gb/s}; unknown ({@code -1}) is {@code -}. */
  private static String speed(Object speed) {
    long mbps;
    try {
      mbps = speed instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(speed).strip());
    } catch (NumberFormatException e) {
      return Cells.NONE;
    }
    if (mbps <= 0) {
      return Cells.NONE;
    }
    return mbps % 1000 == 0 ? mbps / 1000 + " Gb/s" : mbps + " Mb/s";
  }

  /** {@code bmc.network}'s address, then its MAC and how it got the address. */
  private static String bmc(Map<String, Object> device) {
    String ip = cell(device, "bmc.network.ip_address");
    if (ip.equals(Cells.NONE)) {
      return null;
    }
    List<String> details = new ArrayList<>();
    for (String path : List.of("bmc.network.mac_address", "bmc.network.source")) {
      String value = cell(device, path);
      if (!value.equals(Cells.NONE)) {
        details.add(value);
      }
    }
    return details.isEmpty() ? ip : ip + " (" + String.join(", ", details) + ")";
  }

  /**
   * What the device boots next, as the boot service decides: a {@code boot.script} wins, then
   * {@code boot.state} {@code local} or {@code rescue}; anything else boots the agent.
   */
  private static String boot(Object boot) {
    Map<?, ?> b = boot instanceof Map<?, ?> m ? m : Map.of();
    if (b.get("script") instanceof String script && !script.isBlank()) {
      long lines = script.strip().lines().count();
      return "script (boot.script, " + lines + (lines == 1 ? " line)" : " lines)");
    }
    Object state = b.get("state");
    if (state == null) {
      return "agent (boot.state unset)";
    }
    return switch (String.valueOf(state)) {
      case "local", "rescue", "agent" -> String.valueOf(state);
      default -> "agent (unknown boot.state '" + state + "')";
    };
  }
}
