package io.mercury.rpc.backend;

import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.security.AuditTrail;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.liveness.AgentLostListener;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.store.TaskReports;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The RPC backend's parts in start order: inventory client, task dispatcher, agent registry with its
 * liveness watch, the ROUTER server; then it takes back its agents and open tasks. Closing stops them in
 * reverse; the caller owns the context, the Mongo client and the agent link.
 */
public final class BackendService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackendService.class);
  public static final String NAME = "mercury-backend";

  private final ServiceClient inventory;
  private final TaskDispatcher tasks;
  private final AgentWatch watch;
  private final RouterServer server;

  private BackendService(ServiceClient inventory, TaskDispatcher tasks, AgentWatch watch, RouterServer server) {
    this.inventory = inventory;
    this.tasks = tasks;
    this.watch = watch;
    this.server = server;
  }

  /**
   * How the backend runs.
   *
   * @param server where agents (and the frontend) reach it
   * @param origin what it stamps on the devices it registers
   * @param inventoryAddress the inventory service
   * @param dispatch how tasks are delivered
   */
  public record Settings(ServerSettings server, Origin origin, String inventoryAddress, DispatchSettings dispatch) {}

  /** Creates the liveness watch, given where to report lost agents. */
  @FunctionalInterface
  public interface WatchFactory {
    AgentWatch create(AgentLostListener onLost);
  }

  /**
   * Starts the backend and returns once it serves.
   *
   * @param agents the link requests to agents travel on
   * @param watchFactory builds the liveness watch; the backend closes it
   */
  public static BackendService start(
      ZContext context,
      Settings settings,
      RpcStore store,
      AgentRequests agents,
      WatchFactory watchFactory,
      AuditTrail audit) {
    ServiceClient inventory =
        new ServiceClient(
            context,
            settings.inventoryAddress(),
            ClientSettings.defaults("inventory").withTimeout(Duration.ofSeconds(10)).withRetries(3));
    TaskDispatcher tasks = new TaskDispatcher(store, agents, settings.dispatch(), settings.origin().name());
    AgentRegistry registry = new AgentRegistry(settings.origin(), inventory, watchFactory, tasks, store::now);
    RouterServer server =
        new RouterServer(
            context,
            settings.server(),
            new Dispatcher(NAME, BackendEndpoints.registry(settings.origin(), registry, tasks, new TaskReports(store)), audit));
    server.start();
    try {
      registry.reacquire();
    } catch (TransportException | RemoteException e) {
      log.warn("could not reacquire agents from the inventory ({}); they are taken back as they register", e.getMessage());
    }
    tasks.recover();
    tasks.start();
    return new BackendService(inventory, tasks, registry.watch(), server);
  }

  public String endpoint() {
    return server.endpoint();
  }

  @Override
  public void close() {
    server.close();
    watch.close();
    tasks.close();
    inventory.close();
  }
}
