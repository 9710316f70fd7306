package io.mercury.inspector.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.inspector.document.Interfaces;
import io.mercury.inspector.document.LldpNeighbour;
import io.mercury.inspector.document.NetworkInterface;
import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.SystemRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code interfaces}: every network interface with a MAC address, from {@code /sys/class/net} (so NICs
 * without an IP address are not missed, unlike OSHI and {@code java.net}), in kernel order (ifindex),
 * loopback excluded. Fields as the original (docs/protocol.md, "Device document"); addresses and gateways come from
 * {@code ip -j}, predictable names from {@code udevadm} and {@code biosdevname} where installed, and
 * {@code lldp} (the switch port the NIC is cabled to) from lldpd when it runs. A missing tool leaves its
 * fields null and is logged, never fatal.
 */
public final class InterfacesCollector implements Collector<Interfaces> {
  private static final Logger log = LoggerFactory.getLogger(InterfacesCollector.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PCI_SLOT = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");
  private static final String NET = "/sys/class/net";

  @Override
  public String key() {
    return "interfaces";
  }

  @Override
  public Interfaces collect(Sources sources) throws CollectorException {
    SystemRoot root = sources.root();
    if (!root.isDirectory(NET)) {
      throw new CollectorException("no " + NET);
    }
    Map<String, JsonNode> addresses = byName(sources, "ip", "-j", "addr", "show");
    List<JsonNode> routes4 = list(sources, "ip", "-j", "-4", "route", "show", "default");
    List<JsonNode> routes6 = list(sources, "ip", "-j", "-6", "route", "show", "default");
    List<String> names =
        root.list(NET).stream()
            .filter(n -> !n.equals("lo"))
            .filter(n -> mac(root, n).isPresent())
            .sorted(Comparator.comparingLong(n -> root.readTrimmed(NET + "/" + n + "/ifindex").map(Long::parseLong).orElse(Long.MAX_VALUE)))
            .toList();
    Map<String, Integer> ifindexes = new LinkedHashMap<>();
    for (String name : names) {
      root.readTrimmed(NET + "/" + name + "/ifindex").flatMap(InterfacesCollector::parseInt).ifPresent(i -> ifindexes.put(name, i));
    }
    Map<String, LldpNeighbour> neighbours = LldpNeighbours.read(sources, ifindexes);
    List<NetworkInterface> interfaces = new ArrayList<>();
    for (String name : names) {
      interfaces.add(describe(sources, name, addresses.get(name), routes4, routes6).withLldp(neighbours.get(name)));
    }
    return new Interfaces(interfaces);
  }

  private static Optional<Integer> parseInt(String s) {
    try {
      return Optional.of(Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> mac(SystemRoot root, String name) {
    return root.readTrimmed(NET + "/" + name + "/address")
        .map(String::toLowerCase)
        .filter(m -> !m.isEmpty() && !m.equals("00:00:00:00:00:00"));
  }

  private NetworkInterface describe(
      Sources sources, String name, JsonNode ip, List<JsonNode> routes4, List<JsonNode> routes6) {
    SystemRoot root = sources.root();
    String dir = NET + "/" + name;
    Map<String, String> udev = Udev.properties(sources, "-p", dir);
    Optional<String> slot = root.linkTargetName(dir + "/device").filter(s -> PCI_SLOT.matcher(s).matches());
    return new NetworkInterface(
        name,
        mac(root, name).orElse(null),
        root.readTrimmed(dir + "/carrier").map("1"::equals).orElse(false),
        root.readTrimmed(dir + "/dev_port").orElse(null),
        root.readTrimmed(dir + "/duplex").orElse(null),
        root.readTrimmed(dir + "/speed").orElse(null),
        predictableNames(sources, name, udev),
        slot.orElse(null),
        udev.get("ID_MODEL_FROM_DATABASE"),
        udev.get("ID_VENDOR_FROM_DATABASE"),
        root.readTrimmed(dir + "/device/class").orElse(null),
        pair(root, dir + "/device/vendor", dir + "/device/device"),
        pair(root, dir + "/device/subsystem_vendor", dir + "/device/subsystem_device"),
        root.linkTargetName(dir + "/device/driver").orElse(null),
        addresses(ip, "inet"),
        gateways(name, routes4),
        addresses(ip, "inet6"),
        gateways(name, routes6),
        null);
  }

  private static String pair(SystemRoot root, String first, String second) {
    Optional<String> a = root.readTrimmed(first).map(v -> v.replaceFirst("^0x", ""));
    Optional<String> b = root.readTrimmed(second).map(v -> v.replaceFirst("^0x", ""));
    return a.isPresent() && b.isPresent() ? a.get() + ":" + b.get() : null;
  }

  private static NetworkInterface.PredictableNames predictableNames(Sources sources, String name, Map<String, String> udev) {
    CommandResult bios = sources.run("biosdevname", "--policy", "physical", "-i", name);
    return new NetworkInterface.PredictableNames(
        bios.ok() && !bios.stdout().isBlank() ? bios.stdout().strip() : null,
        udev.get("ID_NET_NAME_PATH"),
        udev.get("ID_NET_NAME_ONBOARD"),
        udev.get("ID_NET_NAME_MAC"),
        udev.get("ID_NET_NAME_SLOT"));
  }

  private static List<NetworkInterface.IpAddress> addresses(JsonNode ip, String family) {
    List<NetworkInterface.IpAddress> out = new ArrayList<>();
    if (ip == null) {
      return out;
    }
    for (JsonNode a : ip.path("addr_info")) {
      if (!family.equals(a.path("family").asText())) {
        continue;
      }
      int prefix = a.path("prefixlen").asInt();
      out.add(
          new NetworkInterface.IpAddress(
              a.path("local").asText(),
              family.equals("inet") ? ipv4Mask(prefix) : ipv6Mask(prefix),
              a.hasNonNull("broadcast") ? a.get("broadcast").asText() : null,
              a.hasNonNull("address") ? a.get("address").asText() : null));
    }
    return out;
  }

  static String ipv4Mask(int prefix) {
    long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    return ((mask >> 24) & 255) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
  }

  /** As netifaces writes IPv6 masks: {@code ffff:ffff:ffff:ffff::/64}. */
  static String ipv6Mask(int prefix) {
    StringBuilder groups = new StringBuilder();
    int full = prefix / 16;
    for (int i = 0; i < full; i++) {
      groups.append(i == 0 ? "" : ":").append("ffff");
    }
    if (prefix % 16 != 0) {
      groups.append(full == 0 ? "" : ":").append(Integer.toHexString((0xffff << (16 - prefix % 16)) & 0xffff));
    }
    return (prefix < 128 ? groups + "::" : groups.toString()) + "/" + prefix;
  }

  private static List<NetworkInterface.Gateway> gateways(String name, List<JsonNode> routes) {
    List<NetworkInterface.Gateway> out = new ArrayList<>();
    for (JsonNode r : routes) {
      if (name.equals(r.path("dev").asText()) && r.hasNonNull("gateway")) {
        out.add(new NetworkInterface.Gateway(r.get("gateway").asText(), name, "default".equals(r.path("dst").asText())));
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static Map<String, JsonNode> byName(Sources sources, String... command) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode n : list(sources, command)) {
      out.put(n.path("ifname").asText(), n);
    }
    return out;
  }

  private static List<JsonNode> list(Sources sources, String... command) {
    CommandResult r = sources.run(command);
    if (!r.ok()) {
      log.info("{}: {}; addresses and gateways left empty", String.join(" ", command), r.detail());
      return List.of();
    }
    try {
      JsonNode tree = JSON.readTree(r.stdout());
      List<JsonNode> items = new ArrayList<>();
      tree.forEach(items::add);
      return items;
    } catch (IOException e) {
      log.warn("{} printed something that is not JSON; addresses and gateways left empty", String.join(" ", command));
      return List.of();
    }
  }
}
