package io.mercury.cli.client;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the services are. The only place that decides it: an explicit command-line address wins, then
 * the environment ({@code MERCURY_INVENTORY_ROUTER}), then the local stack's default
 * ({@code tcp://127.0.0.1:9000}), so {@code mcli} works against {@code mercury up} with no
 * configuration.
 *
 * @param inventory the inventory service's ZeroMQ address
 */
public record Endpoints(String inventory) {
  public static final String DEFAULT_INVENTORY = "tcp://127.0.0.1:9000";
  public static final String INVENTORY_ENV = "MERCURY_INVENTORY_ROUTER";

  private static final Pattern TCP = Pattern.compile("tcp://(\\[[0-9a-fA-F:.]+]|[^:/\\s\\[\\]]+):(\\d{1,5})");
  private static final Pattern LOCAL = Pattern.compile("(ipc|inproc)://\\S+");

  public Endpoints {
    Objects.requireNonNull(inventory, "inventory is null");
  }

  /**
   * Resolves the addresses.
   *
   * @param inventoryOption the {@code --inventory} value, or null when not given
   * @param env the process environment
   * @throws IllegalArgumentException when the chosen address is not a ZeroMQ address; the message names
   *     where it came from
   */
  public static Endpoints resolve(String inventoryOption, Map<String, String> env) {
    if (inventoryOption != null) {
      return new Endpoints(checked(inventoryOption, "--inventory"));
    }
    String fromEnv = env.get(INVENTORY_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Endpoints(checked(fromEnv.strip(), INVENTORY_ENV));
    }
    return new Endpoints(DEFAULT_INVENTORY);
  }

  private static String checked(String address, String source) {
    var tcp = TCP.matcher(address);
    if (tcp.matches()) {
      int port = Integer.parseInt(tcp.group(2));
      if (port >= 1 && port <= 65535) {
        return address;
      }
    } else if (LOCAL.matcher(address).matches()) {
      return address;
    }
    throw new IllegalArgumentException(
        "invalid " + source + " address '" + address + "': expected tcp://HOST:PORT");
  }
}
