package io.mercury.inspector.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.inspector.document.RaidAdapter;
import io.mercury.inspector.document.RaidAdapter.LogicalDrive;
import io.mercury.inspector.document.RaidAdapter.PhysicalDrive;
import io.mercury.inspector.document.RaidAdapter.RaidArray;
import io.mercury.inspector.document.RaidAdapters;
import io.mercury.inspector.source.CommandResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code raid}: one entry per controller found by the supported tools, in the original's shape (reference
 * §5.1): MegaRAID and Dell PERC through {@code storcli64}/{@code perccli64} ({@code /call show all J},
 * JSON), HPE Smart Array through {@code ssacli} ({@code ctrl all show config}). No supported tool means
 * {@code null} (the original's value on machines without RAID).
 */
public final class RaidCollector implements Collector<RaidAdapters> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SIZE = Pattern.compile("([0-9.]+)\\s*([KMGTP]?B)", Pattern.CASE_INSENSITIVE);

  @Override
  public String key() {
    return "raid";
  }

  @Override
  public RaidAdapters collect(Sources sources) throws CollectorException {
    List<RaidAdapter> adapters = new ArrayList<>();
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
    return new RaidAdapters(adapters);
  }

  // ---- MegaRAID / PERC ------------------------------------------------------------------------

  static List<RaidAdapter> megaraid(String json) throws CollectorException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new CollectorException("storcli printed something that is not JSON");
    }
    List<RaidAdapter> adapters = new ArrayList<>();
    for (JsonNode controller : root.path("Controllers")) {
      JsonNode data = controller.path("Response Data");
      if (data.isMissingNode()) {
        continue;
      }
      List<LogicalDrive> logical = new ArrayList<>();
      for (JsonNode vd : data.path("VD LIST")) {
        logical.add(
            new LogicalDrive(
                megaraidState(vd.path("State").asText()),
                bytes(vd.path("Size").asText(), 1024),
                vd.path("TYPE").asText().replaceFirst("(?i)^RAID", ""),
                vd.path("DG/VD").asText()));
      }
      List<PhysicalDrive> drives = new ArrayList<>();
      List<PhysicalDrive> spares = new ArrayList<>();
      List<PhysicalDrive> unassigned = new ArrayList<>();
      long total = 0;
      int index = 0;
      for (JsonNode pd : data.path("PD LIST")) {
        String[] slot = pd.path("EID:Slt").asText(":").split(":", 2);
        Long size = bytes(pd.path("Size").asText(), 1024);
        PhysicalDrive drive =
            new PhysicalDrive(
                index++,
                size,
                megaraidState(pd.path("State").asText()),
                pd.path("Intf").asText() + " " + pd.path("Med").asText(),
                new RaidAdapter.EnclosureSlot(slot[0], slot.length > 1 ? slot[1] : "", pd.path("Model").asText()));
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
      RaidArray array = new RaidArray(0L, null, logical, drives);
      JsonNode basics = data.path("Basics");
      RaidAdapter.MegaraidInfo vendor =
          new RaidAdapter.MegaraidInfo(
              basics.path("Serial Number").asText(null),
              data.path("Version").path("Firmware Version").asText(null),
              basics.path("Controller").asLong());
      adapters.add(
          new RaidAdapter(
              basics.path("Model").asText(),
              "megaraid",
              vendor,
              new RaidAdapter.Configuration(logical.isEmpty() ? List.of() : List.of(array), spares, unassigned),
              total,
              index,
              "megaraid_sas"));
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

  @SuppressWarnings({"AssignmentExpression", "RedundantControlFlow"}) // one matcher tried per line, a chain of cases
  static List<RaidAdapter> smartArray(String text) {
    List<RaidAdapter> adapters = new ArrayList<>();
    SmartArrayReader adapter = null;
    for (String line : text.split("\n")) {
      Matcher m;
      if ((m = HP_CONTROLLER.matcher(line)).matches() && !line.startsWith(" ")) {
        if (adapter != null) {
          adapters.add(adapter.adapter());
        }
        adapter = new SmartArrayReader(m.group(1), new RaidAdapter.SmartArrayInfo(m.group(2), m.group(3).contains("Embedded")));
      } else if (adapter == null) {
        continue;
      } else if ((m = HP_ARRAY.matcher(line)).find()) {
        adapter.arrays.add(new ArrayReader(freeSpace(m.group(2)), m.group(1)));
        adapter.section = "array";
      } else if (line.strip().startsWith("Unassigned")) {
        adapter.section = "unassigned";
      } else if ((m = HP_LOGICAL.matcher(line)).find() && !adapter.arrays.isEmpty()) {
        adapter.arrays.getLast().logical.add(
            new LogicalDrive(m.group(4).strip().toUpperCase(Locale.ROOT), bytes(m.group(2), 1000), m.group(3).strip(), m.group(1)));
      } else if ((m = HP_PHYSICAL.matcher(line)).find()) {
        Long size = bytes(m.group(6), 1000);
        PhysicalDrive drive =
            new PhysicalDrive(
                adapter.index++,
                size,
                m.group(7).strip().toUpperCase(Locale.ROOT),
                m.group(5).strip(),
                new RaidAdapter.SmartArrayBay(m.group(2), m.group(3), m.group(4)));
        adapter.total += size == null ? 0 : size;
        if ("spare".equalsIgnoreCase(m.group(8))) {
          adapter.spares.add(drive);
        } else if (adapter.section.equals("unassigned") || adapter.arrays.isEmpty()) {
          adapter.unassigned.add(drive);
        } else {
          adapter.arrays.getLast().physical.add(drive);
        }
      }
    }
    if (adapter != null) {
      adapters.add(adapter.adapter());
    }
    return adapters;
  }

  /** A Smart Array controller while its lines are read. */
  private static final class SmartArrayReader {
    final String name;
    final RaidAdapter.SmartArrayInfo info;
    final List<ArrayReader> arrays = new ArrayList<>();
    final List<PhysicalDrive> spares = new ArrayList<>();
    final List<PhysicalDrive> unassigned = new ArrayList<>();
    String section = "";
    long total;
    long index;

    SmartArrayReader(String name, RaidAdapter.SmartArrayInfo info) {
      this.name = name;
      this.info = info;
    }

    RaidAdapter adapter() {
      List<RaidArray> done = arrays.stream().map(a -> new RaidArray(a.freeSpace, a.letter, a.logical, a.physical)).toList();
      return new RaidAdapter(name, "hpssa", info, new RaidAdapter.Configuration(done, spares, unassigned), total, index, "hpssa");
    }
  }

  /** An array of a Smart Array controller while its lines are read. */
  private record ArrayReader(long freeSpace, String letter, List<LogicalDrive> logical, List<PhysicalDrive> physical) {
    ArrayReader(long freeSpace, String letter) {
      this(freeSpace, letter, new ArrayList<>(), new ArrayList<>());
    }
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
