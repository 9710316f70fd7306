package io.mercury.inspector.document;

import java.util.List;

/**
 * {@code bmc}: the management controller's LAN settings and, when {@code mc info} answered, its {@code
 * system} description (else null).
 */
public record Bmc(Network network, List<SystemField> system) implements Section {
  public Bmc {
    system = system == null ? null : List.copyOf(system);
  }

  /**
   * The BMC's LAN channel.
   *
   * @param source {@code dhcp}, {@code static} or null
   */
  public record Network(String source, String ipAddress, String netmask, String macAddress, String gateway) {}

  /**
   * One field of {@code mc info}, its key in lower_snake case: a {@code value}, or (when the line had
   * none) the indented {@code lines} that followed.
   */
  public record SystemField(String key, String value, List<String> lines) {
    public SystemField {
      lines = lines == null ? null : List.copyOf(lines);
    }
  }
}
