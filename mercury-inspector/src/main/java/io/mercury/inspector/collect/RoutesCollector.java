package io.mercury.inspector.collect;

import io.mercury.inspector.document.Route;
import io.mercury.inspector.document.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code routes}: {@code ip route show} parsed as the original does: {@code destination}, then each
 * keyword and its value ({@code dev}, {@code via}, {@code src}, {@code proto}, {@code scope},
 * {@code metric}, ...), and the flags that stand alone ({@code onlink}, {@code linkdown}, ...) as
 * {@code true}. A route type such as {@code unreachable} is kept under {@code type}.
 */
public final class RoutesCollector implements Collector<Routes> {
  private static final Set<String> FLAGS = Set.of("dead", "onlink", "pervasive", "offload", "notify", "linkdown", "rt_offload", "trap");
  private static final Set<String> TYPES =
      Set.of("unicast", "local", "broadcast", "multicast", "unreachable", "blackhole", "prohibit", "throw", "nat", "anycast");

  @Override
  public String key() {
    return "routes";
  }

  @Override
  public Routes collect(Sources sources) throws CollectorException {
    List<Route> routes = new ArrayList<>();
    for (String line : ToolOutput.require(sources, "ip", "route", "show").split("\n")) {
      if (!line.isBlank()) {
        routes.add(parse(line.strip()));
      }
    }
    return new Routes(routes);
  }

  static Route parse(String line) {
    String[] words = line.split("\\s+");
    String type = null;
    int i = 0;
    if (TYPES.contains(words[0]) && words.length > 1) {
      type = words[0];
      i = 1;
    }
    String destination = words[i++];
    List<Route.Attribute> attributes = new ArrayList<>();
    while (i < words.length) {
      String word = words[i];
      if (FLAGS.contains(word) || i + 1 >= words.length) {
        attributes.add(new Route.Attribute(word, null));
        i++;
      } else {
        attributes.add(new Route.Attribute(word, words[i + 1]));
        i += 2;
      }
    }
    return new Route(type, destination, attributes);
  }
}
