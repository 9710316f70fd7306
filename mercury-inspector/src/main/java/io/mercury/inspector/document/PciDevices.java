package io.mercury.inspector.document;

import java.util.List;

/** {@code pci}: the devices in lspci's order. */
public record PciDevices(List<PciDevice> devices) implements Section {
  public PciDevices {
    devices = List.copyOf(devices);
  }
}
