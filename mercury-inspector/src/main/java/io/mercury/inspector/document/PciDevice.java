package io.mercury.inspector.document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * One entry of {@code pci}: the fields lspci printed for a device ({@code slot}, {@code class_name},
 * {@code vendor_id}, ...), in its order; which ones depends on the device.
 */
public record PciDevice(SequencedMap<String, String> fields) {
  public PciDevice {
    fields = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(fields));
  }
}
