package io.mercury.log;

import com.mongodb.client.MongoCollection;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.time.ScheduledTimeSource;
import io.mercury.common.time.TimeSource;
import io.mercury.common.transport.Publisher;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.log.store.LogStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The log service's parts in start order: the store (indexes ensured), the follow publisher, the ROUTER
 * server and the retention sweeper (of the events and of the audit trail, which this service also serves
 * through {@code query_audit}). Closing stops them in reverse; the caller owns the Mongo client and
 * the ZeroMQ context.
 */
public final class LogService implements AutoCloseable {
  public static final String NAME = "mercury-log";
  private static final Logger log = LoggerFactory.getLogger(LogService.class);

  /**
   * How the service runs.
   *
   * @param server the ROUTER's settings
   * @param followAddress where the PUB socket binds
   * @param maxBatch most events in one {@code log_batch}
   * @param retention how long events are kept
   * @param maxDocuments most events kept
   * @param sweepInterval how often retention and cap are applied
   */
  public record Settings(
      ServerSettings server,
      String followAddress,
      int maxBatch,
      Duration retention,
      long maxDocuments,
      Duration sweepInterval) {}

  private final RouterServer server;
  private final Publisher followers;
  /** The sweeps' schedules, and the timer started for them when none was given (closed with the service). */
  private final List<TimeSource.Cancellable> sweeps;
  private final ScheduledTimeSource ownSweeper;
  private final LogStore store;

  private LogService(RouterServer server, Publisher followers, List<TimeSource.Cancellable> sweeps, ScheduledTimeSource ownSweeper, LogStore store) {
    this.server = server;
    this.followers = followers;
    this.sweeps = sweeps;
    this.ownSweeper = ownSweeper;
    this.store = store;
  }

  /** Starts serving in plaintext (CURVE off); returns once both sockets are bound. */
  public static LogService start(
      ZContext context,
      Settings settings,
      MongoCollection<Document> logs,
      InstantSource clock,
      AuditTrail audit,
      Duration auditRetention) {
    return start(context, settings, logs, clock, audit, auditRetention, TransportSecurity.off());
  }

  /**
   * Starts serving, both sockets CURVE servers when {@code security} has CURVE on; returns once both
   * sockets are bound.
   *
   * @param audit the audit trail: this service's own refusals go there, {@code query_audit} reads it,
   *     and the sweeper applies {@code auditRetention} to it
   */
  public static LogService start(
      ZContext context,
      Settings settings,
      MongoCollection<Document> logs,
      InstantSource clock,
      AuditTrail audit,
      Duration auditRetention,
      TransportSecurity security) {
    return start(context, settings, logs, clock, null, audit, auditRetention, security);
  }

  /**
   * As {@link #start(ZContext, Settings, MongoCollection, InstantSource, AuditTrail, Duration,
   * TransportSecurity)}, with the sweeps on {@code time}, which also dates the events; the caller keeps
   * owning it.
   */
  public static LogService start(
      ZContext context,
      Settings settings,
      MongoCollection<Document> logs,
      TimeSource time,
      AuditTrail audit,
      Duration auditRetention,
      TransportSecurity security) {
    return start(context, settings, logs, time, time, audit, auditRetention, security);
  }

  private static LogService start(
      ZContext context,
      Settings settings,
      MongoCollection<Document> logs,
      InstantSource clock,
      TimeSource sweepTime,
      AuditTrail audit,
      Duration auditRetention,
      TransportSecurity security) {
    audit.ensureIndexes(auditRetention);
    LogStore store = new LogStore(logs, clock, settings.retention(), settings.maxDocuments());
    store.ensureIndexes();
    Publisher followers = new Publisher(
            context, NAME, settings.followAddress(), 100_000, security.server(NAME + "-follow").orElse(null));
    String follow = followers.start();
    LogIngest ingest = new LogIngest(store, followers, clock, settings.maxBatch());
    RouterServer server =
        new RouterServer(
            context,
            settings.server().withCurve(security.server(NAME)),
            new LogHandler(new Dispatcher(NAME, LogEndpoints.registry(ingest, store, follow, audit), audit), ingest));
    try {
      server.start();
    } catch (RuntimeException e) {
      followers.close();
      throw e;
    }
    ScheduledTimeSource own = sweepTime == null ? ScheduledTimeSource.start(NAME + "-sweeper", 1) : null;
    TimeSource sweeper = sweepTime == null ? own : sweepTime;
    Duration every = Duration.ofMillis(settings.sweepInterval().toMillis());
    List<TimeSource.Cancellable> sweeps =
        List.of(
            sweeper.scheduleWithFixedDelay(() -> sweep(store), every, every),
            sweeper.scheduleWithFixedDelay(() -> sweep(audit, auditRetention), every, every));
    return new LogService(server, followers, sweeps, own, store);
  }

  private static void sweep(LogStore store) {
    try {
      long deleted = store.sweep();
      if (deleted > 0) {
        log.info("retention sweep deleted {} events", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("retention sweep failed; next attempt at the next interval: {}", e.getMessage());
    }
  }

  private static void sweep(AuditTrail audit, Duration retention) {
    try {
      long deleted = audit.sweep(retention);
      if (deleted > 0) {
        log.info("audit retention sweep deleted {} records older than {}", deleted, retention);
      }
    } catch (RuntimeException e) {
      log.warn("audit retention sweep failed; next attempt at the next interval: {}", e.getMessage());
    }
  }

  /** The ROUTER address clients connect to. */
  public String endpoint() {
    return server.endpoint();
  }

  /** The PUB address followers subscribe to. */
  public String followEndpoint() {
    return followers.endpoint();
  }

  public LogStore store() {
    return store;
  }

  @Override
  public void close() {
    sweeps.forEach(TimeSource.Cancellable::cancel);
    if (ownSweeper != null) {
      ownSweeper.close();
    }
    server.close();
    followers.close();
  }
}
