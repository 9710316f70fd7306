package io.mercury.inspector.collect;

import io.mercury.inspector.document.Disk;
import io.mercury.inspector.document.Disks;
import io.mercury.inspector.source.SystemRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * {@code os_storage}: each block disk of {@code /sys/block}, without loop, RAM (also zram), CD-ROM and device-mapper
 * devices: {@code devname}, {@code media_type} ({@code ssd} when not rotational, {@code disk} when
 * rotational, {@code external} on a Fibre Channel bus, else {@code unknown}), {@code size} in bytes,
 * {@code sector_size}, {@code model}, {@code vendor}, {@code serial} and the udev properties (keys with
 * {@code $}, {@code .} or spaces rewritten to {@code _}, as the original does).
 */
public final class StorageCollector implements Collector<Disks> {
  private static final Set<String> EXCLUDED_MAJORS = Set.of("1", "7", "11");

  @Override
  public String key() {
    return "os_storage";
  }

  @Override
  public Disks collect(Sources sources) throws CollectorException {
    SystemRoot root = sources.root();
    if (!root.isDirectory("/sys/block")) {
      throw new CollectorException("no /sys/block");
    }
    List<Disk> disks = new ArrayList<>();
    for (String name : root.list("/sys/block")) {
      String dir = "/sys/block/" + name;
      String major = root.readTrimmed(dir + "/dev").map(d -> d.split(":")[0]).orElse("");
      if (name.startsWith("dm-") || name.startsWith("ram") || name.startsWith("zram") || name.startsWith("loop")
          || EXCLUDED_MAJORS.contains(major)) {
        continue;
      }
      disks.add(disk(sources, name, dir));
    }
    return new Disks(disks);
  }

  private static Disk disk(Sources sources, String name, String dir) {
    SystemRoot root = sources.root();
    Map<String, String> udev = Udev.properties(sources, "-n", "/dev/" + name);
    String rotational = root.readTrimmed(dir + "/queue/rotational").orElse("");
    String mediaType =
        "fc".equals(udev.get("ID_BUS")) ? "external" : switch (rotational) {
          case "0" -> "ssd";
          case "1" -> "disk";
          default -> "unknown";
        };
    // virtio disks keep their serial beside the device, not under it
    String serial =
        udev.getOrDefault(
            "ID_SERIAL_SHORT",
            root.readTrimmed(dir + "/device/serial").or(() -> root.readTrimmed(dir + "/serial")).filter(s -> !s.isEmpty()).orElse(null));
    SequencedMap<String, String> properties = new LinkedHashMap<>();
    udev.forEach((k, v) -> properties.put(k.replaceAll("[$. ]", "_"), v));
    return new Disk(
        name,
        mediaType,
        root.readTrimmed(dir + "/size").flatMap(StorageCollector::parse).map(sectors -> sectors * 512).orElse(null),
        root.readTrimmed(dir + "/queue/logical_block_size").flatMap(StorageCollector::parse).orElse(null),
        root.readTrimmed(dir + "/device/model").orElse(udev.get("ID_MODEL")),
        root.readTrimmed(dir + "/device/vendor").orElse(null),
        serial,
        properties);
  }

  private static java.util.Optional<Long> parse(String s) {
    try {
      return java.util.Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }
}
