package io.mercury.inspector.document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * One entry of {@code os_storage}: a block disk.
 *
 * @param mediaType {@code ssd}, {@code disk}, {@code external} or {@code unknown}
 * @param udev udev's properties with {@code $}, {@code .} and spaces in keys as {@code _}
 */
public record Disk(
    String devname, String mediaType, Long size, Long sectorSize, String model, String vendor, String serial,
    SequencedMap<String, String> udev) {
  public Disk {
    udev = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(udev));
  }
}
