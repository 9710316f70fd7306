package io.mercury.cli.stack;

import io.mercury.cli.CliContext;
import io.mercury.cli.Mcli;
import io.mercury.cli.stack.StackMain.Ports;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The end of {@code bin/mercury up}: a few mcli commands run in-process against the stack just
 * started (each echoed as {@code $ mcli ...} before its output), then how to reach the stack from
 * another shell. The commands see the caller's environment plus the stack's addresses and keys; a
 * failing command prints its error and the tour goes on.
 *
 * <p>Threading: not thread-safe; it runs on the {@code up} command's thread.
 */
final class StackTour {
  private final CliContext context;
  private final StackKeys keys;

  StackTour(CliContext context, StackKeys keys) {
    this.context = context;
    this.keys = keys;
  }

  private PrintWriter out() {
    return context.out();
  }

  /** Runs the tour against the services at these addresses, then prints the hints. */
  void show(String inventory, String rpc, String logService, String backend, Ports ports) {
    Map<String, String> env = new HashMap<>(context.env());
    env.put("MERCURY_INVENTORY_ROUTER", inventory);
    env.put("MERCURY_RPC_ROUTER", rpc);
    env.put("MERCURY_LOG_ROUTER", logService);
    env.putAll(keys.environment());
    CliContext mcli = new CliContext(context.in(), context.out(), context.err(), env);
    tour(mcli, "inventory", "count");
    tour(mcli, "inventory");
    tour(mcli, "rpc", "--all", "echo", "hello");
    tour(mcli, "rpc", "--all", "run", "uname", "-a");
    tour(mcli, "log", "--service", "mercury-agent", "-n", "5");
    out().println();
    if (!inventory.equals("tcp://127.0.0.1:9000") || !rpc.equals("tcp://127.0.0.1:9001") || !logService.equals("tcp://127.0.0.1:9006")) {
      out().println("Not on the default ports: bin/mcli finds these by itself (var/run/*.address); another mcli needs"
          + " MERCURY_INVENTORY_ROUTER=" + inventory + " MERCURY_RPC_ROUTER=" + rpc + " MERCURY_LOG_ROUTER=" + logService
          + " MERCURY_BACKEND_ROUTER=" + backend);
    }
    out().println("HTTP:  curl http://127.0.0.1:" + ports.api() + "/api/active/computers | curl http://127.0.0.1:" + ports.boot() + "/boot");
    out().println("Next: bin/mcli rpc jobs | bin/mcli shell --all | bin/mcli inventory dmi.sys_vendor=HPE | bin/mcli log -f | bin/mcli rpc job JOB_ID --trace | bin/mercury logs backend | bin/mercury down");
  }

  private void tour(CliContext mcli, String... args) {
    out().print("$ mcli " + String.join(" ", args) + "\n");
    out().flush();
    Mcli.run(mcli, args);
  }
}
