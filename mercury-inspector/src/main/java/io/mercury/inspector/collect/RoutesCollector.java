package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code routes}: {@code ip route show} parsed as the original does: each route is its {@code destination}
 * plus the key/value pairs that follow ({@code dev}, {@code via}, {@code src}, {@code proto},
 * {@code scope}, {@code metric} ..., all strings) and {@code true} for the flags that stand alone
 * ({@code dead}, {@code onlink}, {@code linkdown} ...). Two additions the original lacked: a route type
 * written before the destination ({@code blackhole 10.9.0.0/16}) goes to {@code type} instead of
 * becoming the destination, and the {@code nexthop} lines of a multipath route go to {@code nexthops}.
 * A line that does not start with a destination is skipped and logged.
 */
public final class RoutesCollector implements Collector {
  private static final Logger log = LoggerFactory.getLogger(RoutesCollector.class);
  private static final Set<String> FLAGS =
      Set.of("dead", "onlink", "pervasive", "offload", "notify", "linkdown", "unresolved", "trap", "rt_offload", "rt_trap");
  private static final Set<String> TYPES =
      Set.of("unicast", "local", "broadcast", "multicast", "throw", "unreachable", "prohibit", "blackhole", "nat", "anycast");

  @Override
  public String key() {
    return "routes";
  }

  @Override
  public Object collect(Sources sources) throws CollectorException {
    CommandResult result = sources.run("ip", "route", "show");
    if (!result.ok()) {
      throw new CollectorException("ip route show: " + result.detail());
    }
    List<Object> routes = new ArrayList<>();
    Map<String, Object> last = null;
    int skipped = 0;
    for (String line : result.stdout().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      List<String> tokens = List.of(line.strip().split("\\s+"));
      if (tokens.get(0).equals("nexthop") && last != null && Character.isWhitespace(line.charAt(0))) {
        nexthops(last).add(pairs(tokens.subList(1, tokens.size()), new LinkedHashMap<>()));
        continue;
      }
      Map<String, Object> route = route(tokens);
      if (route == null) {
        skipped++;
        last = null;
        continue;
      }
      routes.add(route);
      last = route;
    }
    if (skipped > 0) {
      log.warn("ip route show: skipped {} line(s) that do not start with a destination", skipped);
    }
    if (routes.isEmpty() && skipped > 0) {
      throw new CollectorException("ip route show printed no route that parses");
    }
    return routes;
  }

  private static Map<String, Object> route(List<String> tokens) {
    int i = 0;
    String type = null;
    if (TYPES.contains(tokens.get(0)) && tokens.size() > 1) {
      type = tokens.get(0);
      i = 1;
    }
    String destination = tokens.get(i);
    if (!isDestination(destination)) {
      return null;
    }
    Map<String, Object> route = new LinkedHashMap<>();
    route.put("destination", destination);
    if (type != null) {
      route.put("type", type);
    }
    return pairs(tokens.subList(i + 1, tokens.size()), route);
  }

  /** Reads {@code key value} pairs and lone flags into {@code into}; a trailing key without value is kept as a flag. */
  private static Map<String, Object> pairs(List<String> tokens, Map<String, Object> into) {
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (FLAGS.contains(token) || i + 1 == tokens.size()) {
        into.put(token, true);
      } else {
        into.put(token, tokens.get(++i));
      }
    }
    return into;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> nexthops(Map<String, Object> route) {
    return (List<Object>) route.computeIfAbsent("nexthops", k -> new ArrayList<>());
  }

  private static boolean isDestination(String token) {
    return token.equals("default") || token.matches("[0-9a-fA-F.:]+(/\\d{1,3})?") && (token.contains(".") || token.contains(":"));
  }
}
