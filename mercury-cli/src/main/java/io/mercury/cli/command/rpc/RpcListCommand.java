package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.JobTables;
import io.mercury.cli.output.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli rpc list MERCURY_ID}: what a device can run, from {@code active.capabilities} of its
 * inventory document. A device that is unknown or not active is a failure.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the capabilities (methods) an active device offers.")
public final class RpcListCommand implements Callable<Integer> {
  private static final String CAPABILITIES = "active.capabilities";

  @ParentCommand private RpcCommand rpc;

  @Parameters(paramLabel = "MERCURY_ID", description = "The device.")
  private String target;

  @Option(names = "--json", description = "One capability descriptor per line.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    PrintWriter out = rpc.mcli().context().out();
    Map<String, Object> device;
    try (InventoryClient client = rpc.mcli().inventoryClient()) {
      device =
          client
              .getOne(target, List.of(CAPABILITIES))
              .orElseThrow(() -> CliException.failure("no device with mercury_id " + target));
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    if (!(device.get("active") instanceof Map<?, ?> active)) {
      throw CliException.failure("device " + target + " is not active (no agent registered)");
    }
    Map<String, Object> capabilities = new TreeMap<>();
    if (active.get("capabilities") instanceof Map<?, ?> caps) {
      caps.forEach((name, descriptor) -> capabilities.put(String.valueOf(name), descriptor));
    }
    if (json) {
      capabilities.forEach((name, descriptor) -> out.println(Json.line(withName(name, descriptor))));
    } else {
      out.print(JobTables.capabilities(capabilities));
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private static Map<String, Object> withName(String name, Object descriptor) {
    Map<String, Object> line = new TreeMap<>();
    if (descriptor instanceof Map<?, ?> d) {
      d.forEach((k, v) -> line.put(String.valueOf(k), v));
    }
    line.putIfAbsent("name", name);
    return line;
  }
}
