package io.mercury.inspector.document;

import java.util.List;

/**
 * {@code system_health}.
 *
 * @param correctedHardwareEventCount null when mcelog's journal could not be read
 * @param systemUptime when the system came up, or null
 * @param hpServer whether this is an HP/HPE server (only then is there an {@code oem_details} key)
 * @param oemDetails hpasmcli's report on an HP server, null when hpasmcli is not there
 * @param errors every problem found and every check that could not be made
 */
public record SystemHealth(
    Long correctedHardwareEventCount, String systemUptime, boolean hpServer, OemDetails oemDetails, List<String> errors)
    implements Section {
  public SystemHealth {
    errors = List.copyOf(errors);
  }

  /** The HP server's health: {@code server} (null when it failed), DIMMs and power supplies. */
  public record OemDetails(HpEntry server, List<HpEntry> dimm, List<HpEntry> powerSupplies) {
    public OemDetails {
      dimm = List.copyOf(dimm);
      powerSupplies = List.copyOf(powerSupplies);
    }
  }
}
