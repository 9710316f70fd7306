package io.mercury.rpc.frontend;

import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.rpc.instruction.Instructions;
import io.mercury.rpc.store.RetentionSweeper;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.store.TaskReports;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.zeromq.ZContext;

/**
 * The RPC frontend's parts in start order: store indexes, inventory client, backend notifier, retention
 * sweeper and the ROUTER server. Closing stops them in reverse; the caller owns the context and the
 * Mongo client.
 */
public final class FrontendService implements AutoCloseable {
  public static final String NAME = "mercury-rpc";

  private final ServiceClient inventory;
  private final BackendNotifier backends;
  private final RetentionSweeper sweeper;
  private final RouterServer server;

  private FrontendService(ServiceClient inventory, BackendNotifier backends, RetentionSweeper sweeper, RouterServer server) {
    this.inventory = inventory;
    this.backends = backends;
    this.sweeper = sweeper;
    this.server = server;
  }

  /**
   * How the frontend runs.
   *
   * @param server where it listens
   * @param inventoryAddress the inventory service
   * @param retention how long finished jobs are kept
   * @param sweepInterval how often expired jobs are looked for
   * @param security CURVE for its server and its clients (inventory, backends)
   * @param maxTargets most targets one job may have; a query matching more is refused
   */
  public record Settings(
      ServerSettings server,
      String inventoryAddress,
      Duration retention,
      Duration sweepInterval,
      TransportSecurity security,
      int maxTargets) {
    public static final int DEFAULT_MAX_TARGETS = 100_000;

    public Settings {
      if (maxTargets < 1) {
        throw new IllegalArgumentException("maxTargets must be at least 1, was " + maxTargets);
      }
    }

    /** Settings with the default target limit. */
    public Settings(
        ServerSettings server, String inventoryAddress, Duration retention, Duration sweepInterval, TransportSecurity security) {
      this(server, inventoryAddress, retention, sweepInterval, security, DEFAULT_MAX_TARGETS);
    }

    /** Plaintext settings. */
    public Settings(ServerSettings server, String inventoryAddress, Duration retention, Duration sweepInterval) {
      this(server, inventoryAddress, retention, sweepInterval, TransportSecurity.off());
    }
  }

  public static FrontendService start(
      ZContext context, Settings settings, RpcStore store, InstantSource clock, AuditTrail audit) {
    store.ensureIndexes(settings.retention());
    ServiceClient inventory =
        new ServiceClient(
            context,
            settings.inventoryAddress(),
            ClientSettings.defaults("inventory")
                .withTimeout(Duration.ofSeconds(10))
                .withRetries(2)
                .withCurve(settings.security().client("inventory")));
    BackendNotifier backends =
        new BackendNotifier(context, Duration.ofSeconds(5), settings.security().client("backend").orElse(null));
    JobService jobs =
        new JobService(
            store,
            new TargetFinder(inventory, settings.maxTargets()),
            Instructions.standard(),
            new JobFactory(UUID::randomUUID, store::now),
            backends);
    RetentionSweeper sweeper =
        new RetentionSweeper(store, settings.retention(), clock).start(settings.sweepInterval());
    RouterServer server =
        new RouterServer(
            context,
            settings.server().withCurve(settings.security().server(NAME)),
            new Dispatcher(NAME, FrontendEndpoints.registry(jobs, store, new TaskReports(store)), audit));
    server.start();
    return new FrontendService(inventory, backends, sweeper, server);
  }

  public String endpoint() {
    return server.endpoint();
  }

  @Override
  public void close() {
    server.close();
    sweeper.close();
    backends.close();
    inventory.close();
  }
}
