package io.mercury.cli.stack;

import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.time.Duration;
import java.util.Map;
import org.zeromq.ZContext;

/**
 * Clients of a {@link TestStack}'s daemons with the keys each expects: the operator's key towards a
 * daemon, the backend's towards an agent (with that agent's own server key); nothing in plaintext.
 */
final class StackCallers {
  private final ZContext zmq;
  private final StackKeys keys;
  private final StackLayout layout;
  /** The stack's started daemons by name (the stack's own map, read when a client is made). */
  private final Map<String, TestStack.Service> services;

  StackCallers(ZContext zmq, StackKeys keys, StackLayout layout, Map<String, TestStack.Service> services) {
    this.zmq = zmq;
    this.keys = keys;
    this.layout = layout;
    this.services = services;
  }

  /** A client of the daemon at {@code address}, as the operator (or, to an agent, as the backend). */
  ServiceClient client(String address) {
    CurveClient curve =
        services.values().stream()
            .filter(s -> s.address().equals(address))
            .findFirst()
            .map(this::curveTo) // null (nothing) in plaintext
            .orElse(keys.client("inventory"));
    return new ServiceClient(
        zmq, address, ClientSettings.defaults(address).withTimeout(Duration.ofSeconds(10)).withCurve(curve));
  }

  /** CURVE towards a daemon: as the operator, or to an agent as the backend, with the agent's own key. */
  CurveClient curveTo(TestStack.Service service) {
    return service.daemon().mainClass().equals(Daemon.AGENT.mainClass())
        ? keys.agentClient(layout.data().resolve(service.name()))
        : keys.client(keyName(service.daemon()));
  }

  /** The key name of a daemon: the stack's daemons are named freely, their keys by what they are. */
  private static String keyName(Daemon daemon) {
    String main = daemon.mainClass();
    if (main.equals(Daemon.RPC.mainClass())) {
      return "rpc";
    }
    if (main.equals(Daemon.BACKEND.mainClass())) {
      return "backend";
    }
    if (main.equals(Daemon.LOG.mainClass())) {
      return "log";
    }
    return "inventory";
  }
}
