package io.mercury.cli.client;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the services are. The only place that decides it, through the common configuration rules: an
 * explicit command-line address wins, then the environment ({@code MERCURY_INVENTORY_ROUTER}), then
 * {@code cli.inventory_router} in {@code mercury-cli.yaml} (searched in {@code MERCURY_SEARCH_DIRS},
 * {@code .}, {@code ~/.mercury}, {@code /etc/mercury}), then the local stack's default
 * ({@code tcp://127.0.0.1:9000}), so {@code mcli} works against {@code mercury up} with no
 * configuration.
 *
 * @param inventory the inventory service's ZeroMQ address
 */
public record Endpoints(String inventory) {
  public static final String DEFAULT_INVENTORY = "tcp://127.0.0.1:9000";
  public static final String INVENTORY_ENV = "MERCURY_INVENTORY_ROUTER";

  private static final String INVENTORY_OPTION = "cli.inventory_router";
  private static final ConfigSpec SPEC =
      ConfigSpec.builder("mcli", "mercury-cli.yaml")
          .option(
              Option.string(INVENTORY_OPTION)
                  .defaultValue(DEFAULT_INVENTORY)
                  .env(INVENTORY_ENV)
                  .doc("The inventory service's ZeroMQ address."))
          .build();

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
    String[] flags =
        inventoryOption == null ? new String[0] : new String[] {"--cli-inventory-router", inventoryOption};
    Configuration cfg;
    try {
      cfg = ConfigLoader.load(SPEC, flags, env, null);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    String address = cfg.string(INVENTORY_OPTION).strip();
    String source =
        switch (cfg.source(INVENTORY_OPTION)) {
          case FLAG -> "--inventory";
          case ENVIRONMENT -> INVENTORY_ENV;
          case FILE -> INVENTORY_OPTION + " in " + cfg.file().orElseThrow();
          default -> "default";
        };
    return new Endpoints(checked(address, source));
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
