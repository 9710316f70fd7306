package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.SystemRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code os_storage}: one entry per block disk of {@code /sys/block}, leaving out what is not a disk
 * (loop, ram, zram, device-mapper, CD-ROM: by name and by major number 1, 7, 11). Per disk:
 * {@code device} ({@code /dev/<name>}), {@code media_type} ({@code disk} if {@code queue/rotational} is 1,
 * {@code ssd} if 0, {@code external} for a Fibre Channel disk, else {@code unknown}), {@code size} in
 * bytes ({@code size} is in 512-byte sectors whatever the disk's sector size), {@code sector_size}
 * (logical), {@code model}, {@code serial}, {@code partition_table} ({@code gpt}/{@code msdos}, as parted
 * names them) and {@code udev} (the udev properties, keys with {@code $ . space} rewritten to {@code _}
 * as the original does; null without {@code udevadm}). The original's parted-only {@code disk_flags} is
 * not collected. A disk whose attributes cannot be read keeps its entry with nulls.
 */
public final class OsStorageCollector implements Collector {
  private static final Logger log = LoggerFactory.getLogger(OsStorageCollector.class);
  private static final String BLOCK = "/sys/block";
  private static final List<String> NOT_DISKS = List.of("loop", "ram", "zram", "dm-", "sr");
  private static final Set<String> NOT_DISK_MAJORS = Set.of("1", "7", "11");

  @Override
  public String key() {
    return "os_storage";
  }

  @Override
  public Object collect(Sources sources) throws CollectorException {
    SystemRoot root = sources.root();
    if (!root.isDirectory(BLOCK)) {
      throw new CollectorException("no " + BLOCK);
    }
    List<Object> disks = new ArrayList<>();
    for (String name : root.list(BLOCK)) {
      if (isDisk(root, name)) {
        disks.add(disk(sources, name));
      }
    }
    return disks;
  }

  private static boolean isDisk(SystemRoot root, String name) {
    if (NOT_DISKS.stream().anyMatch(name::startsWith)) {
      return false;
    }
    Optional<String> major = root.readTrimmed(BLOCK + "/" + name + "/dev").map(d -> d.split(":")[0]);
    return major.filter(NOT_DISK_MAJORS::contains).isEmpty();
  }

  private static Map<String, Object> disk(Sources sources, String name) {
    SystemRoot root = sources.root();
    String dir = BLOCK + "/" + name;
    Map<String, String> udev = udev(sources, name);
    Map<String, Object> disk = new LinkedHashMap<>();
    disk.put("device", "/dev/" + name);
    disk.put("media_type", mediaType(root.readTrimmed(dir + "/queue/rotational"), udev));
    disk.put("size", number(root, dir + "/size").map(sectors -> sectors * 512).orElse(null));
    disk.put("sector_size", number(root, dir + "/queue/logical_block_size").orElse(null));
    disk.put("model", text(root, dir + "/device/model").or(() -> udevValue(udev, "ID_MODEL")).orElse(null));
    disk.put(
        "serial",
        text(root, dir + "/device/serial") // NVMe
            .or(() -> text(root, dir + "/serial")) // virtio
            .or(() -> udevValue(udev, "ID_SERIAL_SHORT")) // SCSI and SATA, from the VPD pages
            .orElse(null));
    disk.put("partition_table", udevValue(udev, "ID_PART_TABLE_TYPE").map(t -> t.equals("dos") ? "msdos" : t).orElse(null));
    disk.put("udev", udev == null ? null : udevForDocument(udev));
    return disk;
  }

  private static String mediaType(Optional<String> rotational, Map<String, String> udev) {
    if (udev != null && "fc".equals(udev.get("ID_BUS"))) {
      return "external";
    }
    return switch (rotational.orElse("")) {
      case "1" -> "disk";
      case "0" -> "ssd";
      default -> "unknown";
    };
  }

  private static Optional<Long> number(SystemRoot root, String path) {
    try {
      return root.readTrimmed(path).map(Long::parseLong);
    } catch (NumberFormatException e) {
      log.warn("{} is not a number; left null", path);
      return Optional.empty();
    }
  }

  private static Optional<String> text(SystemRoot root, String path) {
    return root.readTrimmed(path).filter(s -> !s.isEmpty());
  }

  private static Optional<String> udevValue(Map<String, String> udev, String key) {
    return udev == null ? Optional.empty() : Optional.ofNullable(udev.get(key)).filter(s -> !s.isBlank());
  }

  private static Map<String, String> udev(Sources sources, String name) {
    CommandResult r = sources.run("udevadm", "info", "-q", "property", "-p", BLOCK + "/" + name);
    if (!r.ok()) {
      log.debug("no udev properties for {}: {}", name, r.detail());
      return null;
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        properties.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return properties;
  }

  /** Mongo field names cannot hold {@code $} or {@code .}; the original rewrote those and spaces to {@code _}. */
  private static Map<String, Object> udevForDocument(Map<String, String> udev) {
    Map<String, Object> out = new LinkedHashMap<>();
    udev.forEach((k, v) -> out.put(k.replaceAll("[$. ]", "_"), v));
    return out;
  }
}
