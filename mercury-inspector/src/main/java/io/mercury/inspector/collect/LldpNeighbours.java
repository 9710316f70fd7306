package io.mercury.inspector.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.inspector.document.LldpNeighbour;
import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.RawLldpListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LLDP neighbours per interface from the lldpd daemon ({@code lldpcli -f json0 show neighbors details};
 * json0 keeps one structure whatever the counts), or from raw LLDP frames when lldpd is absent. Each neighbour has {@code switch_name} and
 * {@code port_number} as the original's {@code lldp} entry, plus {@code chassis_id}, {@code port_id},
 * {@code port_description}, {@code management_address}, {@code system_description} and {@code vlan}
 * where advertised. {@code port_number} is the number a port id or description ends with
 * ({@code Ethernet17} → 17) and null otherwise (the original crashed on MAC-style port ids).
 */
public final class LldpNeighbours {
  private static final Logger log = LoggerFactory.getLogger(LldpNeighbours.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");

  private LldpNeighbours() {}

  /**
   * Neighbours by interface name: from lldpd, or, when lldpd is not there (not installed or not running)
   * and {@link LldpOptions#listen()} allows it, from LLDP frames heard on raw sockets.
   *
   * @param ifindexes the interfaces to listen on, name → kernel ifindex
   */
  public static Map<String, LldpNeighbour> read(Sources sources, Map<String, Integer> ifindexes) {
    List<String> command = new ArrayList<>(List.of("lldpcli"));
    sources.lldp().socket().ifPresent(socket -> command.addAll(List.of("-u", socket)));
    command.addAll(List.of("-f", "json0", "show", "neighbors", "details"));
    CommandResult r = sources.run(command.toArray(String[]::new));
    if (r.ok()) {
      try {
        return parse(JSON.readTree(r.stdout()));
      } catch (IOException e) {
        log.warn("lldpcli printed something that is not JSON; no LLDP neighbours");
        return Map.of();
      }
    }
    if (sources.lldp().listen().isZero() || ifindexes.isEmpty()) {
      log.info("no LLDP neighbours: {}", r.detail());
      return Map.of();
    }
    log.info("lldpd is not available ({}); listening for LLDP frames for {} s", r.detail(), sources.lldp().listen().toSeconds());
    Map<String, LldpNeighbour> heard = new HashMap<>();
    new RawLldpListener()
        .listen(ifindexes, sources.lldp().listen())
        .forEach((name, frame) -> LldpFrame.parse(frame).ifPresent(n -> heard.put(name, n)));
    return heard;
  }

  static Map<String, LldpNeighbour> parse(JsonNode root) {
    Map<String, LldpNeighbour> byInterface = new HashMap<>();
    for (JsonNode lldp : root.path("lldp")) {
      for (JsonNode iface : lldp.path("interface")) {
        JsonNode chassis = iface.path("chassis").path(0);
        JsonNode port = iface.path("port").path(0);
        String portId = value(port.path("id"));
        String portDescription = value(port.path("descr"));
        JsonNode vlan = iface.path("vlan").path(0);
        byInterface.put(
            iface.path("name").asText(),
            new LldpNeighbour(
                value(chassis.path("name")),
                portNumber(portId, port.path("id").path(0).path("type").asText(), portDescription),
                portId,
                portDescription,
                value(chassis.path("id")),
                value(chassis.path("mgmt-ip")),
                value(chassis.path("descr")),
                vlan.isMissingNode() ? null : vlan.path("vlan-id").asText(null)));
      }
    }
    return byInterface;
  }

  private static String value(JsonNode list) {
    JsonNode first = list.path(0).path("value");
    return first.isMissingNode() || first.isNull() ? null : first.asText();
  }

  private static Long portNumber(String portId, String idType, String description) {
    for (String candidate : "mac".equals(idType) ? new String[] {description} : new String[] {portId, description}) {
      if (candidate != null) {
        Matcher m = TRAILING_NUMBER.matcher(candidate);
        if (m.find()) {
          return Long.parseLong(m.group(1));
        }
      }
    }
    return null;
  }
}
