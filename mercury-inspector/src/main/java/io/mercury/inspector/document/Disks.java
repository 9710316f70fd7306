package io.mercury.inspector.document;

import java.util.List;

/** {@code os_storage}: the block disks in /sys/block's order. */
public record Disks(List<Disk> disks) implements Section {
  public Disks {
    disks = List.copyOf(disks);
  }
}
