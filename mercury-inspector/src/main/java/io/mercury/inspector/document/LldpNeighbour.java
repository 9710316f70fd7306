package io.mercury.inspector.document;

/**
 * The switch port a NIC is cabled to, as LLDP advertises it; any field not advertised is null.
 *
 * @param switchName the neighbour's system name
 * @param portNumber the number the port id (or description) ends with
 */
public record LldpNeighbour(
    String switchName,
    Long portNumber,
    String portId,
    String portDescription,
    String chassisId,
    String managementAddress,
    String systemDescription,
    String vlan) {}
