package io.mercury.cli.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Devices as a table. The standard table summarises each device in one line (id, host name, vendor, product,
 * serial, CPUs, memory, NIC count, active); a projected table shows the id and the chosen fields. Each
 * table knows the fields it needs, so a query asks the inventory for those and nothing more.
 */
public final class DeviceTable {
  /**
   * One column: its header, the document fields it reads, and how it turns a device into a cell.
   */
  record DeviceColumn(
      String header, List<String> fields, boolean numeric, Function<Map<String, Object>, String> cell) {}

  private static final double GIB = 1024.0 * 1024 * 1024;

  private static final DeviceColumn MERCURY_ID =
      new DeviceColumn("MERCURY_ID", List.of("mercury_id"), false, d -> cell(d, "mercury_id"));

  private static final List<DeviceColumn> STANDARD =
      List.of(
          MERCURY_ID,
          new DeviceColumn("HOSTNAME", List.of("agent_info.hostname"), false, d -> cell(d, "agent_info.hostname")),
          new DeviceColumn("VENDOR", List.of("dmi.sys_vendor"), false, d -> cell(d, "dmi.sys_vendor")),
          new DeviceColumn("PRODUCT", List.of("dmi.product_name"), false, d -> cell(d, "dmi.product_name")),
          new DeviceColumn(
              "SERIAL",
              List.of("dmi.product_serial", "dmi.chassis_serial"),
              false,
              DeviceTable::serial),
          new DeviceColumn("CPU", List.of("cpu.model_name"), false, DeviceTable::cpus),
          new DeviceColumn("MEMORY", List.of("mem.MemTotal"), true, DeviceTable::memory),
          new DeviceColumn("NICS", List.of("interfaces.devname"), true, DeviceTable::nics),
          new DeviceColumn("ACTIVE", List.of("active.rpc_address"), false, DeviceTable::active));

  private final List<DeviceColumn> columns;

  private DeviceTable(List<DeviceColumn> columns) {
    this.columns = columns;
  }

  /** The one-line summary per device. */
  public static DeviceTable standard() {
    return new DeviceTable(STANDARD);
  }

  /** The id and the given dotted fields, each in its own column headed by its path. */
  public static DeviceTable projected(List<String> fields) {
    List<DeviceColumn> columns = new ArrayList<>();
    columns.add(MERCURY_ID);
    fields.stream()
        .filter(f -> !f.equals("mercury_id"))
        .distinct()
        .forEach(f -> columns.add(new DeviceColumn(f, List.of(f), false, d -> cell(d, f))));
    return new DeviceTable(columns);
  }

  /** The document fields the table reads, to request as the query's projection. */
  public List<String> fields() {
    return columns.stream().flatMap(c -> c.fields().stream()).distinct().toList();
  }

  /** The rendered table, header first; a header alone when there are no devices. */
  public String render(List<Map<String, Object>> devices) {
    List<Table.Column> header =
        columns.stream().map(c -> new Table.Column(c.header(), c.numeric())).toList();
    List<List<String>> rows =
        devices.stream()
            .map(d -> columns.stream().map(c -> c.cell().apply(d)).toList())
            .toList();
    return Table.render(header, rows);
  }

  private static String cell(Map<String, Object> device, String path) {
    return Cells.text(DocumentPath.get(device, path));
  }

  private static String serial(Map<String, Object> device) {
    String product = cell(device, "dmi.product_serial");
    return product.equals(Cells.NONE) ? cell(device, "dmi.chassis_serial") : product;
  }

  private static String cpus(Map<String, Object> device) {
    String models = cpuModels(device.get("cpu"));
    return models == null ? Cells.NONE : models;
  }

  /** {@code 2 x Intel(R) Xeon(R) ...}, one group per distinct model; null without CPUs. */
  static String cpuModels(Object cpu) {
    if (!(cpu instanceof List<?> cpus) || cpus.isEmpty()) {
      return null;
    }
    Map<String, Integer> byModel = new LinkedHashMap<>();
    for (Object c : cpus) {
      Object model = c instanceof Map<?, ?> m ? m.get("model_name") : null;
      byModel.merge(model == null ? "unknown" : Cells.text(model), 1, Integer::sum);
    }
    return byModel.entrySet().stream()
        .map(e -> e.getValue() + " x " + e.getKey())
        .collect(Collectors.joining(", "));
  }

  /** {@code mem.MemTotal} (bytes) in GiB with one decimal. */
  private static String memory(Map<String, Object> device) {
    if (DocumentPath.get(device, "mem.MemTotal") instanceof Number bytes) {
      return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes.doubleValue() / GIB);
    }
    return Cells.NONE;
  }

  private static String nics(Map<String, Object> device) {
    return device.get("interfaces") instanceof List<?> nics
        ? Integer.toString(nics.size())
        : Cells.NONE;
  }

  private static String active(Map<String, Object> device) {
    return Objects.nonNull(device.get("active")) ? "yes" : "no";
  }
}
