package io.mercury.cli.client;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the services are. The only place that decides it, through the common configuration rules, for
 * each address alike: an explicit command-line address wins ({@code --inventory}, {@code --rpc},
 * {@code --log}), then the environment ({@code MERCURY_INVENTORY_ROUTER}, {@code MERCURY_RPC_ROUTER},
 * {@code MERCURY_LOG_ROUTER}), then {@code cli.inventory_router} / {@code cli.rpc_router} /
 * {@code cli.log_router} in {@code mercury-cli.yaml} (searched in {@code MERCURY_SEARCH_DIRS}, {@code .},
 * {@code ~/.mercury}, {@code /etc/mercury}), then the addresses the local stack wrote ({@code
 * <MERCURY_HOME or the checkout's var>/run/<service>.address}, so {@code mercury up --…-port N} needs no
 * exports), then its defaults ({@code tcp://127.0.0.1:9000}, {@code :9001} and {@code :9006}), so {@code
 * mcli} works against {@code mercury up} with no configuration, from any directory.
 *
 * @param inventory the inventory service's ZeroMQ address
 * @param rpc the rpc frontend's ZeroMQ address
 * @param log the log service's ZeroMQ address
 */
public record Endpoints(String inventory, String rpc, String log) {
  public static final String DEFAULT_INVENTORY = "tcp://127.0.0.1:9000";
  public static final String INVENTORY_ENV = "MERCURY_INVENTORY_ROUTER";
  public static final String DEFAULT_RPC = "tcp://127.0.0.1:9001";
  public static final String RPC_ENV = "MERCURY_RPC_ROUTER";
  public static final String DEFAULT_LOG = "tcp://127.0.0.1:9006";
  public static final String LOG_ENV = "MERCURY_LOG_ROUTER";

  private static final String INVENTORY_OPTION = "cli.inventory_router";
  private static final String RPC_OPTION = "cli.rpc_router";
  private static final String LOG_OPTION = "cli.log_router";
  private static final ConfigSpec SPEC =
      ConfigSpec.builder("mcli", "mercury-cli.yaml")
          .option(
              Option.string(INVENTORY_OPTION)
                  .defaultValue(DEFAULT_INVENTORY)
                  .env(INVENTORY_ENV)
                  .doc("The inventory service's ZeroMQ address."))
          .option(
              Option.string(RPC_OPTION)
                  .defaultValue(DEFAULT_RPC)
                  .env(RPC_ENV)
                  .doc("The rpc frontend's ZeroMQ address."))
          .option(
              Option.string(LOG_OPTION)
                  .defaultValue(DEFAULT_LOG)
                  .env(LOG_ENV)
                  .doc("The log service's ZeroMQ address."))
          .build();

  private static final Pattern TCP = Pattern.compile("tcp://(\\[[0-9a-fA-F:.]+]|[^:/\\s\\[\\]]+):(\\d{1,5})");
  private static final Pattern LOCAL = Pattern.compile("(ipc|inproc)://\\S+");

  public Endpoints {
    Objects.requireNonNull(inventory, "inventory is null");
    Objects.requireNonNull(rpc, "rpc is null");
    Objects.requireNonNull(log, "log is null");
  }

  /**
   * Resolves the addresses.
   *
   * @param inventoryOption the {@code --inventory} value, or null when not given
   * @param rpcOption the {@code --rpc} value, or null when not given
   * @param env the process environment
   * @throws IllegalArgumentException when a chosen address is not a ZeroMQ address; the message names
   *     where it came from
   */
  public static Endpoints resolve(String inventoryOption, String rpcOption, Map<String, String> env) {
    return resolve(inventoryOption, rpcOption, null, env);
  }

  /** As {@link #resolve(String, String, Map)}, with the {@code --log} value (or null). */
  public static Endpoints resolve(
      String inventoryOption, String rpcOption, String logOption, Map<String, String> env) {
    List<String> flags = new ArrayList<>();
    if (inventoryOption != null) {
      flags.addAll(List.of("--cli-inventory-router", inventoryOption));
    }
    if (rpcOption != null) {
      flags.addAll(List.of("--cli-rpc-router", rpcOption));
    }
    if (logOption != null) {
      flags.addAll(List.of("--cli-log-router", logOption));
    }
    Configuration cfg;
    try {
      cfg = ConfigLoader.load(SPEC, flags.toArray(String[]::new), env, null);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Path stackRun = stackHome(env).resolve("run");
    return new Endpoints(
        address(cfg, INVENTORY_OPTION, "--inventory", INVENTORY_ENV, stackRun.resolve("inventory.address")),
        address(cfg, RPC_OPTION, "--rpc", RPC_ENV, stackRun.resolve("rpc.address")),
        address(cfg, LOG_OPTION, "--log", LOG_ENV, stackRun.resolve("log.address")));
  }

  /**
   * The address the local stack wrote for {@code service} ({@code <home>/run/<service>.address}), empty
   * when there is none or it is not a ZeroMQ address.
   */
  public static java.util.Optional<String> localStack(String service, Map<String, String> env) {
    Path file = stackHome(env).resolve("run").resolve(service + ".address");
    try {
      String address = Files.readString(file).strip();
      return TCP.matcher(address).matches() || LOCAL.matcher(address).matches()
          ? java.util.Optional.of(address)
          : java.util.Optional.empty();
    } catch (java.io.IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** The local stack's home: {@code $MERCURY_HOME}, else {@code var/} of the checkout mcli runs from. */
  static Path stackHome(Map<String, String> env) {
    String home = env.get("MERCURY_HOME");
    return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("mercury.root", "."), "var");
  }

  private static String address(Configuration cfg, String option, String flag, String envName, Path stackAddress) {
    if (cfg.source(option) == io.mercury.common.config.Source.DEFAULT && Files.isReadable(stackAddress)) {
      // nothing configured: the address the local stack ('mercury up', maybe on other ports) wrote
      try {
        return checked(Files.readString(stackAddress).strip(), "local stack (" + stackAddress + ")");
      } catch (java.io.IOException e) {
        // unreadable now: the default below
      }
    }
    String address = cfg.string(option).strip();
    String source =
        switch (cfg.source(option)) {
          case FLAG -> flag;
          case ENVIRONMENT -> envName;
          case FILE -> option + " in " + cfg.file().orElseThrow();
          default -> "default";
        };
    return checked(address, source);
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
