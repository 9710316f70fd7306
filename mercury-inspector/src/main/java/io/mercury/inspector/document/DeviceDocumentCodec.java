package io.mercury.inspector.document;

import io.mercury.common.id.MercuryId;
import io.mercury.common.id.MercuryIdException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;

/**
 * Turns the collectors' records into the device document map: the original inspector's field names,
 * value types ({@code Long} for integers, {@code Double} for MHz, {@code Boolean}, {@code String}) and key
 * order (docs/protocol.md, "Device document"). The only place those names are written.
 */
public final class DeviceDocumentCodec {
  private DeviceDocumentCodec() {}

  /**
   * The whole document: {@code mercury_id} first, then each section under its key in the given order (a
   * null section, one its collector could not produce, is a null value).
   *
   * @throws MercuryIdException when neither {@code dmi} nor a MAC address of {@code interfaces} identifies
   *     the machine
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> document(SequencedMap<String, Section> sections) throws MercuryIdException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("mercury_id", null);
    sections.forEach((key, section) -> document.put(key, encode(section)));
    Object dmi = document.get("dmi");
    Object interfaces = document.get("interfaces");
    document.put(
        "mercury_id",
        MercuryId.generate(
            dmi instanceof Map<?, ?> m ? (Map<String, Object>) m : null,
            interfaces instanceof List<?> l ? (List<Map<String, Object>>) l : null));
    return document;
  }

  /** One section's value in the document; null for null. */
  public static Object encode(Section section) {
    return switch (section) {
      case null -> null;
      case AgentInfo a -> agentInfo(a);
      case Cpus c -> list(c.packages(), DeviceDocumentCodec::cpu);
      case Dmi d -> new LinkedHashMap<String, Object>(d.files());
      case Interfaces i -> list(i.nics(), DeviceDocumentCodec::nic);
      case MemInfo m -> mem(m);
      case Disks d -> list(d.disks(), DeviceDocumentCodec::disk);
      case PciDevices p -> list(p.devices(), d -> new LinkedHashMap<String, Object>(d.fields()));
      case Routes r -> list(r.routes(), DeviceDocumentCodec::route);
      case Bmc b -> bmc(b);
      case SystemHealth h -> health(h);
      case RaidAdapters r -> list(r.adapters(), RaidCodec::adapter);
    };
  }

  /** A NIC's {@code lldp} entry. */
  public static Map<String, Object> neighbour(LldpNeighbour n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("switch_name", n.switchName());
    m.put("port_number", n.portNumber());
    m.put("port_id", n.portId());
    m.put("port_description", n.portDescription());
    m.put("chassis_id", n.chassisId());
    m.put("management_address", n.managementAddress());
    m.put("system_description", n.systemDescription());
    m.put("vlan", n.vlan());
    return m;
  }

  static <T> List<Object> list(List<T> items, Function<T, Object> encoder) {
    List<Object> out = new ArrayList<>(items.size());
    items.forEach(item -> out.add(encoder.apply(item)));
    return out;
  }

  private static Map<String, Object> agentInfo(AgentInfo a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agent_version", a.agentVersion());
    m.put("mercury_version", a.mercuryVersion());
    m.put("hostname", a.hostname());
    return m;
  }

  private static Object cpu(Cpu c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("physical_id", c.physicalId());
    m.put("cores", c.cores());
    m.put("threads", c.threads());
    m.put("model_name", c.modelName());
    m.put("cache_size", c.cacheSize());
    m.put("cache_alignment", c.cacheAlignment());
    m.put("flags", new ArrayList<Object>(c.flags()));
    Cpu.Frequency f = c.frequency();
    Map<String, Object> frequency = new LinkedHashMap<>();
    frequency.put("model_name", f.modelName());
    frequency.put("bogomips", f.bogomips());
    frequency.put("cpufreq_enabled", f.cpufreqEnabled());
    frequency.put("current", f.current());
    frequency.put("min", f.min());
    frequency.put("max", f.max());
    m.put("frequency", frequency);
    return m;
  }

  private static Object nic(NetworkInterface n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("devname", n.devname());
    m.put("address", n.address());
    m.put("carrier", n.carrier());
    m.put("dev_port", n.devPort());
    m.put("duplex", n.duplex());
    m.put("speed", n.speed());
    NetworkInterface.PredictableNames p = n.predictableNames();
    Map<String, Object> names = new LinkedHashMap<>();
    names.put("biosdevname", p.biosdevname());
    names.put("systemd_udev", p.systemdUdev());
    names.put("systemd_onboard", p.systemdOnboard());
    names.put("systemd_mac", p.systemdMac());
    names.put("systemd_slot", p.systemdSlot());
    m.put("predictable_names", names);
    m.put("pci_slot", n.pciSlot());
    m.put("model_name", n.modelName());
    m.put("vendor_name", n.vendorName());
    m.put("pci_class", n.pciClass());
    m.put("pci_id", n.pciId());
    m.put("pci_subsystem_id", n.pciSubsystemId());
    m.put("driver", n.driver());
    m.put("address_info", list(n.addressInfo(), DeviceDocumentCodec::address));
    m.put("ipv4_gateways", gateways(n.ipv4Gateways()));
    m.put("address_info_v6", list(n.addressInfoV6(), DeviceDocumentCodec::address));
    m.put("ipv6_gateways", gateways(n.ipv6Gateways()));
    if (n.lldp() != null) {
      m.put("lldp", neighbour(n.lldp()));
    }
    return m;
  }

  private static Object address(NetworkInterface.IpAddress a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("addr", a.addr());
    m.put("netmask", a.netmask());
    if (a.broadcast() != null) {
      m.put("broadcast", a.broadcast());
    }
    if (a.peer() != null) {
      m.put("peer", a.peer());
    }
    return m;
  }

  private static Object gateways(List<NetworkInterface.Gateway> gateways) {
    return gateways == null
        ? null
        : list(
            gateways,
            g -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("gateway_ip", g.gatewayIp());
              m.put("interface", g.interfaceName());
              m.put("default", g.isDefault());
              return m;
            });
  }

  private static Object mem(MemInfo mem) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (MemInfo.Entry e : mem.entries()) {
      m.put(e.key(), e.bytes() != null ? e.bytes() : e.text());
    }
    return m;
  }

  private static Object disk(Disk d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("devname", d.devname());
    m.put("media_type", d.mediaType());
    m.put("size", d.size());
    m.put("sector_size", d.sectorSize());
    m.put("model", d.model());
    m.put("vendor", d.vendor());
    m.put("serial", d.serial());
    m.put("udev", new LinkedHashMap<String, Object>(d.udev()));
    return m;
  }

  private static Object route(Route r) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (r.type() != null) {
      m.put("type", r.type());
    }
    m.put("destination", r.destination());
    for (Route.Attribute a : r.attributes()) {
      m.put(a.name(), a.value() == null ? true : a.value());
    }
    return m;
  }

  private static Object bmc(Bmc b) {
    Map<String, Object> network = new LinkedHashMap<>();
    network.put("source", b.network().source());
    network.put("ip_address", b.network().ipAddress());
    network.put("netmask", b.network().netmask());
    network.put("mac_address", b.network().macAddress());
    network.put("gateway", b.network().gateway());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("network", network);
    Map<String, Object> system = null;
    if (b.system() != null) {
      system = new LinkedHashMap<>();
      for (Bmc.SystemField f : b.system()) {
        system.put(f.key(), f.lines() != null ? new ArrayList<Object>(f.lines()) : f.value());
      }
    }
    m.put("system", system);
    return m;
  }

  private static Object health(SystemHealth h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("corrected_hardware_event_count", h.correctedHardwareEventCount());
    m.put("system_uptime", h.systemUptime());
    if (h.hpServer()) {
      SystemHealth.OemDetails oem = h.oemDetails();
      Map<String, Object> details = null;
      if (oem != null) {
        details = new LinkedHashMap<>();
        details.put("server", oem.server() == null ? null : hpEntry(oem.server()));
        details.put("dimm", list(oem.dimm(), DeviceDocumentCodec::hpEntry));
        details.put("power_supplies", list(oem.powerSupplies(), DeviceDocumentCodec::hpEntry));
      }
      m.put("oem_details", details);
    }
    m.put("has_errors", !h.errors().isEmpty());
    m.put("errors", new ArrayList<Object>(h.errors()));
    return m;
  }

  private static Map<String, Object> hpEntry(HpEntry e) {
    return new LinkedHashMap<>(e.fields());
  }
}
