package io.mercury.inspector.document;

import java.util.List;

/**
 * One entry of {@code interfaces}: a NIC with a MAC address. Text fields are null where sysfs, udev or
 * the PCI device do not say.
 *
 * @param ipv4Gateways null when the NIC has no default route (as the original), never empty
 * @param ipv6Gateways likewise
 * @param lldp the neighbour, or null when none is known (the key is then absent)
 */
public record NetworkInterface(
    String devname,
    String address,
    boolean carrier,
    String devPort,
    String duplex,
    String speed,
    PredictableNames predictableNames,
    String pciSlot,
    String modelName,
    String vendorName,
    String pciClass,
    String pciId,
    String pciSubsystemId,
    String driver,
    List<IpAddress> addressInfo,
    List<Gateway> ipv4Gateways,
    List<IpAddress> addressInfoV6,
    List<Gateway> ipv6Gateways,
    LldpNeighbour lldp) {
  public NetworkInterface {
    addressInfo = List.copyOf(addressInfo);
    addressInfoV6 = List.copyOf(addressInfoV6);
    ipv4Gateways = ipv4Gateways == null ? null : List.copyOf(ipv4Gateways);
    ipv6Gateways = ipv6Gateways == null ? null : List.copyOf(ipv6Gateways);
  }

  /** The same NIC with its LLDP neighbour. */
  public NetworkInterface withLldp(LldpNeighbour neighbour) {
    return new NetworkInterface(
        devname, address, carrier, devPort, duplex, speed, predictableNames, pciSlot, modelName, vendorName, pciClass, pciId,
        pciSubsystemId, driver, addressInfo, ipv4Gateways, addressInfoV6, ipv6Gateways, neighbour);
  }

  /** The names biosdevname and systemd would give the NIC (null where they give none). */
  public record PredictableNames(String biosdevname, String systemdUdev, String systemdOnboard, String systemdMac, String systemdSlot) {}

  /**
   * An address of the NIC.
   *
   * @param netmask dotted for IPv4, {@code ffff:...::/64} for IPv6 (as netifaces)
   * @param broadcast null when none (the key is then absent)
   * @param peer null when none (the key is then absent)
   */
  public record IpAddress(String addr, String netmask, String broadcast, String peer) {}

  /** A route through the NIC's gateway. */
  public record Gateway(String gatewayIp, String interfaceName, boolean isDefault) {}
}
