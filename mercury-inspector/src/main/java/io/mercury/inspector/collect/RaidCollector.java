package io.mercury.inspector.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.inspector.source.CommandResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code raid}: one entry per controller found by the supported tools, in the original's shape (reference
 * §5.1): MegaRAID and Dell PERC through {@code storcli64}/{@code perccli64} ({@code /call show all J},
 * JSON), HPE Smart Array through {@code ssacli} ({@code ctrl all show config}). No supported tool means
 * {@code null} (the original's value on machines without RAID).
 */
public final class RaidCollector implements Collector {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SIZE = Pattern.compile("([0-9.]+)\\s*([KMGTP]?B)", Pattern.CASE_INSENSITIVE);

  @Override
  public String key() {
    return "raid";
  }

  @Override
  public Object collect(Sources sources) throws CollectorException {
    List<Object> adapters = new ArrayList<>();
    boolean anyTool = false;
    for (String tool : List.of("storcli64", "perccli64")) {
      CommandResult r = sources.run(tool, "/call", "show", "all", "J");
      if (r.outcome() != CommandResult.Outcome.MISSING) {
        anyTool = true;
        if (r.ok()) {
          adapters.addAll(megaraid(r.stdout()));
          break;
        }
      }
    }
    CommandResult hp = sources.run("ssacli", "ctrl", "all", "show", "config");
    if (hp.outcome() != CommandResult.Outcome.MISSING) {
      anyTool = true;
      if (hp.ok()) {
        adapters.addAll(smartArray(hp.stdout()));
      }
    }
    if (!anyTool) {
      throw new CollectorException("no supported RAID tool (storcli64, perccli64, ssacli)");
    }
    return adapters;
  }

  // ---- MegaRAID / PERC ------------------------------------------------------------------------

  static List<Object> megaraid(String json) throws CollectorException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new CollectorException("storcli printed something that is not JSON");
    }
    List<Object> adapters = new ArrayList<>();
    for (JsonNode controller : root.path("Controllers")) {
      JsonNode data = controller.path("Response Data");
      if (data.isMissingNode()) {
        continue;
      }
      List<Object> logical = new ArrayList<>();
      for (JsonNode vd : data.path("VD LIST")) {
        Map<String, Object> ld = new LinkedHashMap<>();
        ld.put("status", megaraidState(vd.path("State").asText()));
        ld.put("size", bytes(vd.path("Size").asText(), 1024));
        ld.put("level", vd.path("TYPE").asText().replaceFirst("(?i)^RAID", ""));
        ld.put("extra", Map.of("id", vd.path("DG/VD").asText()));
        logical.add(ld);
      }
      List<Object> drives = new ArrayList<>();
      List<Object> spares = new ArrayList<>();
      List<Object> unassigned = new ArrayList<>();
      long total = 0;
      int index = 0;
      for (JsonNode pd : data.path("PD LIST")) {
        String[] slot = pd.path("EID:Slt").asText(":").split(":", 2);
        Map<String, Object> drive = new LinkedHashMap<>();
        drive.put("index", (long) index++);
        Long size = bytes(pd.path("Size").asText(), 1024);
        drive.put("size", size);
        drive.put("status", megaraidState(pd.path("State").asText()));
        drive.put("type", pd.path("Intf").asText() + " " + pd.path("Med").asText());
        drive.put("extra", Map.of("box", slot[0], "bay", slot.length > 1 ? slot[1] : "", "model", pd.path("Model").asText()));
        total += size == null ? 0 : size;
        String state = pd.path("State").asText();
        if (state.equals("GHS") || state.equals("DHS")) {
          spares.add(drive);
        } else if (state.equals("UGood") || state.equals("UBad")) {
          unassigned.add(drive);
        } else {
          drives.add(drive);
        }
      }
      Map<String, Object> array = new LinkedHashMap<>();
      array.put("free_space", 0L);
      array.put("extra", Map.of());
      array.put("logical_drives", logical);
      array.put("physical_drives", drives);
      Map<String, Object> adapter = new LinkedHashMap<>();
      JsonNode basics = data.path("Basics");
      adapter.put("name", basics.path("Model").asText());
      adapter.put("provider", "megaraid");
      Map<String, Object> vendor = new LinkedHashMap<>();
      vendor.put("serial_number", basics.path("Serial Number").asText(null));
      vendor.put("firmware", data.path("Version").path("Firmware Version").asText(null));
      vendor.put("controller", basics.path("Controller").asLong());
      adapter.put("vendor_info", vendor);
      adapter.put("configuration", configuration(logical.isEmpty() ? List.of() : List.of(array), spares, unassigned));
      adapter.put("total_size", total);
      adapter.put("total_drives", (long) index);
      adapter.put("adapter_handler", "megaraid_sas");
      adapters.add(adapter);
    }
    return adapters;
  }

  private static String megaraidState(String state) {
    return switch (state) {
      case "Optl", "Onln" -> "OK";
      case "Rbld" -> "REBUILDING";
      case "Dgrd", "Pdgd" -> "DEGRADED";
      case "OfLn", "Offln", "Failed", "UBad" -> "FAILED";
      case "UGood" -> "UNASSIGNED";
      case "GHS", "DHS" -> "SPARE";
      default -> state.toUpperCase(Locale.ROOT);
    };
  }

  // ---- HPE Smart Array -----------------------------------------------------------------------

  private static final Pattern HP_CONTROLLER = Pattern.compile("^(\\S.*?) in Slot (\\S+)(.*)$");
  private static final Pattern HP_ARRAY = Pattern.compile("^\\s*Array (\\w+) \\((.*)\\)");
  private static final Pattern HP_LOGICAL = Pattern.compile("^\\s*logicaldrive (\\d+) \\(([^,]+), RAID ([^,]+), ([^)]+)\\)");
  private static final Pattern HP_PHYSICAL =
      Pattern.compile("^\\s*physicaldrive (\\S+) \\(port (\\w+):box (\\d+):bay (\\d+), ([^,]+), ([^,]+), ([^),]+)(?:, (\\w+))?\\)");

  static List<Object> smartArray(String text) {
    List<Object> adapters = new ArrayList<>();
    Map<String, Object> adapter = null;
    List<Object> arrays = null;
    List<Object> spares = null;
    List<Object> unassigned = null;
    Map<String, Object> array = null;
    String section = "";
    long total = 0;
    long index = 0;
    for (String line : text.split("\n")) {
      Matcher m;
      if ((m = HP_CONTROLLER.matcher(line)).matches() && !line.startsWith(" ")) {
        if (adapter != null) {
          finish(adapter, arrays, spares, unassigned, total, index);
        }
        adapter = new LinkedHashMap<>();
        adapter.put("name", m.group(1));
        adapter.put("provider", "hpssa");
        adapter.put("vendor_info", Map.of("slot", m.group(2), "embedded", m.group(3).contains("Embedded")));
        adapters.add(adapter);
        arrays = new ArrayList<>();
        spares = new ArrayList<>();
        unassigned = new ArrayList<>();
        array = null;
        section = "";
        total = 0;
        index = 0;
      } else if (adapter == null) {
        continue;
      } else if ((m = HP_ARRAY.matcher(line)).find()) {
        array = new LinkedHashMap<>();
        array.put("free_space", freeSpace(m.group(2)));
        array.put("extra", Map.of("letter", m.group(1)));
        array.put("logical_drives", new ArrayList<>());
        array.put("physical_drives", new ArrayList<>());
        arrays.add(array);
        section = "array";
      } else if (line.strip().startsWith("Unassigned")) {
        section = "unassigned";
      } else if ((m = HP_LOGICAL.matcher(line)).find() && array != null) {
        Map<String, Object> ld = new LinkedHashMap<>();
        ld.put("status", m.group(4).strip().toUpperCase(Locale.ROOT));
        ld.put("size", bytes(m.group(2), 1000));
        ld.put("level", m.group(3).strip());
        ld.put("extra", Map.of("id", m.group(1)));
        list(array, "logical_drives").add(ld);
      } else if ((m = HP_PHYSICAL.matcher(line)).find()) {
        Map<String, Object> drive = new LinkedHashMap<>();
        drive.put("index", index++);
        Long size = bytes(m.group(6), 1000);
        drive.put("size", size);
        drive.put("status", m.group(7).strip().toUpperCase(Locale.ROOT));
        drive.put("type", m.group(5).strip());
        drive.put("extra", Map.of("port", m.group(2), "box", m.group(3), "bay", m.group(4)));
        total += size == null ? 0 : size;
        if ("spare".equalsIgnoreCase(m.group(8))) {
          spares.add(drive);
        } else if (section.equals("unassigned") || array == null) {
          unassigned.add(drive);
        } else {
          list(array, "physical_drives").add(drive);
        }
      }
    }
    if (adapter != null) {
      finish(adapter, arrays, spares, unassigned, total, index);
    }
    return adapters;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> map, String key) {
    return (List<Object>) map.get(key);
  }

  private static void finish(
      Map<String, Object> adapter, List<Object> arrays, List<Object> spares, List<Object> unassigned, long total, long drives) {
    adapter.put("configuration", configuration(arrays, spares, unassigned));
    adapter.put("total_size", total);
    adapter.put("total_drives", drives);
    adapter.put("adapter_handler", "hpssa");
  }

  private static Map<String, Object> configuration(List<Object> arrays, List<Object> spares, List<Object> unassigned) {
    Map<String, Object> configuration = new LinkedHashMap<>();
    configuration.put("arrays", arrays);
    configuration.put("spares", spares);
    configuration.put("unassigned", unassigned);
    return configuration;
  }

  private static long freeSpace(String arrayDetail) {
    Matcher m = Pattern.compile("Unused Space: ([0-9.]+\\s*[KMGTP]?B)", Pattern.CASE_INSENSITIVE).matcher(arrayDetail);
    if (!m.find()) {
      return 0;
    }
    Long b = bytes(m.group(1), 1000);
    return b == null ? 0 : b;
  }

  /**
   * "1.090 TB", "558.3 GB", "512B" as bytes. storcli/perccli count in binary units (a 1.2 TB disk shows as
   * 1.090 TB), ssacli in decimal ones, so the caller gives the base.
   */
  static Long bytes(String text, int base) {
    Matcher m = SIZE.matcher(text == null ? "" : text.strip());
    if (!m.find()) {
      return null;
    }
    double value = Double.parseDouble(m.group(1));
    int power = "BKMGTP".indexOf(Character.toUpperCase(m.group(2).charAt(0)));
    if (m.group(2).length() == 1) {
      power = 0;
    }
    return Math.round(value * Math.pow(base, power));
  }
}
