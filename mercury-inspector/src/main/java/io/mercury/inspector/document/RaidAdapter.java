package io.mercury.inspector.document;

import java.util.List;

/**
 * One entry of {@code raid}: a RAID controller in the original's shape (reference §5.1).
 *
 * @param provider {@code megaraid} or {@code hpssa}
 * @param adapterHandler {@code megaraid_sas} or {@code hpssa}
 */
public record RaidAdapter(
    String name, String provider, VendorInfo vendorInfo, Configuration configuration, long totalSize, long totalDrives,
    String adapterHandler) {

  /** What the controller's tool says of it. */
  public sealed interface VendorInfo permits MegaraidInfo, SmartArrayInfo {}

  /** A MegaRAID/PERC controller. */
  public record MegaraidInfo(String serialNumber, String firmware, long controller) implements VendorInfo {}

  /** An HPE Smart Array controller. */
  public record SmartArrayInfo(String slot, boolean embedded) implements VendorInfo {}

  /** The arrays and the drives outside them. */
  public record Configuration(List<RaidArray> arrays, List<PhysicalDrive> spares, List<PhysicalDrive> unassigned) {
    public Configuration {
      arrays = List.copyOf(arrays);
      spares = List.copyOf(spares);
      unassigned = List.copyOf(unassigned);
    }
  }

  /**
   * An array of drives.
   *
   * @param letter the Smart Array's array letter, null for MegaRAID (its {@code extra} is empty)
   */
  public record RaidArray(long freeSpace, String letter, List<LogicalDrive> logicalDrives, List<PhysicalDrive> physicalDrives) {
    public RaidArray {
      logicalDrives = List.copyOf(logicalDrives);
      physicalDrives = List.copyOf(physicalDrives);
    }
  }

  /** A volume; {@code size} is null when the tool's size could not be read. */
  public record LogicalDrive(String status, Long size, String level, String id) {}

  /**
   * A disk.
   *
   * @param index its number among the adapter's drives
   * @param size null when the tool's size could not be read
   */
  public record PhysicalDrive(long index, Long size, String status, String type, DriveLocation location) {}

  /** Where a disk sits. */
  public sealed interface DriveLocation permits EnclosureSlot, SmartArrayBay {}

  /** A MegaRAID disk: enclosure, slot and model. */
  public record EnclosureSlot(String box, String bay, String model) implements DriveLocation {}

  /** A Smart Array disk: port, box and bay. */
  public record SmartArrayBay(String port, String box, String bay) implements DriveLocation {}
}
