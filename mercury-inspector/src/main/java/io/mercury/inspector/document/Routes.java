package io.mercury.inspector.document;

import java.util.List;

/** {@code routes}: the routing table in ip's order. */
public record Routes(List<Route> routes) implements Section {
  public Routes {
    routes = List.copyOf(routes);
  }
}
