package io.mercury.rpc.backend;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.transport.ServerSettings;
import io.mercury.rpc.link.LinkSettings;
import io.mercury.rpc.liveness.PingSettings;
import io.mercury.rpc.store.RpcDatabase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The RPC backend daemon's configuration, each option declared once in {@link #spec()} and read (and
 * checked) once in {@link #from(Configuration)}.
 *
 * @param server the agent service's ROUTER server
 * @param origin this backend's name and address, stamped on the devices it registers
 * @param inventoryRouter the inventory service
 * @param ping how agents are pinged
 * @param link how agents reached directly are connected to
 * @param dispatch how tasks are dispatched
 * @param ioThreads ZeroMQ I/O threads; 0 for one per core
 * @param enrolment limits of the keys waiting for an operator
 * @param enrolmentServer the enrolment ROUTER server
 * @param autoTokensPerMinute most enrolment tokens the boot service may mint in a minute
 * @param store the jobs-and-tasks database
 * @param security CURVE mode and keys
 * @param auditDatabase the database of the audit trail
 */
public record BackendConfig(
    ServerSettings server,
    Origin origin,
    String inventoryRouter,
    PingSettings ping,
    LinkSettings link,
    DispatchSettings dispatch,
    int ioThreads,
    KeyStore.EnrolmentLimits enrolment,
    ServerSettings enrolmentServer,
    int autoTokensPerMinute,
    RpcDatabase.Settings store,
    SecuritySettings security,
    String auditDatabase) {
  static final String DB = "backend.database";

  public static ConfigSpec spec() {
    PingSettings ping = PingSettings.defaults();
    DispatchSettings dispatch = DispatchSettings.defaults();
    return ConfigSpec.builder(BackendService.NAME, "mercury-backend.yaml")
        .option(Option.string("backend.agent_service.bind_address").defaultValue("tcp://*:9002").doc("ZeroMQ ROUTER address agents (and the frontend) reach the backend at."))
        .option(Option.string("backend.inventory_router").defaultValue("tcp://127.0.0.1:9000").doc("The inventory service."))
        .option(Option.integer("backend.workers").defaultValue(64L).doc("Threads that run requests. Most of their time is spent waiting for the store's next batch of writes, so many of them make large batches."))
        .option(Option.integer("backend.queue_capacity").defaultValue(10_000L).doc("Requests that may wait for a worker before new ones are refused as busy (a registration storm queues here)."))
        .option(Option.integer("backend.max_message_bytes").defaultValue((long) ServerSettings.DEFAULT_MAX_MESSAGE_BYTES).doc("Largest request accepted."))
        .option(Option.string("backend.origin.name").defaultValue(hostName()).doc("This backend's name, stamped on the devices it registers; tasks for them come back here. Unique per backend."))
        .option(Option.string("backend.origin.datacenter").defaultValue("local").doc("The datacenter this backend serves."))
        .option(Option.string("backend.origin.address").doc("Address the frontend reaches this backend at (default: the bind host, or this host's name for a wildcard bind)."))
        .option(Option.integer("backend.origin.port").doc("Port the frontend reaches this backend at (default: the bound port)."))
        .option(Option.decimal("backend.ping.interval").defaultValue((double) ping.interval().toSeconds()).doc("Seconds between pings of an agent."))
        .option(Option.decimal("backend.ping.cycle_time").defaultValue((double) ping.cycleTime().toSeconds()).doc("Seconds between ping rounds."))
        .option(Option.integer("backend.ping.initial_timeout").defaultValue(ping.initialTimeout().toMillis()).doc("Milliseconds the first ping attempt waits."))
        .option(Option.integer("backend.ping.retries").defaultValue((long) ping.retries()).doc("Ping attempts before an agent is declared lost."))
        .option(Option.decimal("backend.ping.backoff").defaultValue(ping.backoff()).doc("Exponent of the attempt timeouts: initial + initial * n^backoff."))
        .option(Option.integer("backend.ping.max_to_schedule").defaultValue((long) ping.maxToSchedule()).doc("Most pings started per round."))
        .option(Option.decimal("backend.ping.heartbeat").doc("Seconds between the heartbeats Mercury agents are asked to send over their own connection; an agent heard within the ping interval is not pinged. Shorter than the interval; 0 turns heartbeats off (every agent is pinged, as by the original). Unset: two thirds of backend.ping.interval (20 s at the default)."))
        .option(Option.decimal("backend.ping.after_disconnect").defaultValue(seconds(PingSettings.DEFAULT_AFTER_DISCONNECT)).doc("Seconds after a Mercury agent's own connection to the backend closed (its process died, its host rebooted) that it is pinged, unless it was heard from meanwhile, instead of when backend.ping.interval has passed. 0: not before its interval."))
        .option(Option.decimal("backend.dispatch.attempt_timeout").defaultValue(seconds(dispatch.attemptTimeout())).doc("Seconds a dispatch waits for the agent to accept."))
        .option(Option.integer("backend.dispatch.attempts").defaultValue((long) dispatch.attempts()).doc("Dispatch attempts before a task fails as undeliverable."))
        .option(Option.decimal("backend.dispatch.timeout_grace").defaultValue(seconds(dispatch.timeoutGrace())).doc("Seconds after a task's timeout before the backend marks it TIMEOUT itself."))
        .option(Option.decimal("backend.dispatch.resend_after").defaultValue(seconds(dispatch.resendAfter())).doc("Seconds after which a dispatched task that has not started is sent again."))
        .option(Option.decimal("backend.dispatch.sweep_interval").defaultValue(seconds(dispatch.sweepInterval())).doc("Seconds between searches of the store for open tasks."))
        .option(Option.integer("backend.link.max_in_flight").defaultValue(256L).doc("Requests to agents (dispatches, pings) in flight at once. A request that opens a connection holds two more ZeroMQ sockets while it connects."))
        .option(Option.integer("backend.io_threads").defaultValue(0L).doc("ZeroMQ I/O threads of the agent service and the backend's other sockets: they read, write, encrypt and perform the CURVE handshakes (about 1.4 ms of CPU each) of every agent connection. 0: one per core."))
        .option(Option.integer("backend.link.max_connections").defaultValue((long) LinkSettings.DEFAULT_MAX_CONNECTIONS).doc("Connections to agents reached directly (the original's agents) kept open at once, idle or busy; at the limit the one unused for longest is closed. Each costs a ZeroMQ socket and about five file descriptors. At least backend.link.max_in_flight."))
        .option(Option.decimal("backend.link.idle_timeout").defaultValue(seconds(LinkSettings.DEFAULT_IDLE_TIMEOUT)).doc("Seconds a connection to an agent is kept open unused; longer than backend.ping.interval, so pings reuse it. 0: a connection per request."))
        .option(Option.string("backend.enrolment.bind_address").defaultValue("tcp://*:9008").doc("ZeroMQ ROUTER address agents whose keys are not yet accepted enrol at (endpoint enrol; with CURVE on any key may connect)."))
        .option(Option.integer("backend.enrolment.max_pending").defaultValue((long) KeyStore.DEFAULT_PENDING_CAP).doc("Most keys that may wait for an operator at once; enrolments beyond it are refused."))
        .option(Option.integer("backend.enrolment.auto_tokens_per_minute").defaultValue((long) BackendService.Keys.DEFAULT_AUTO_TOKENS_PER_MINUTE).doc("Most enrolment tokens the boot service may mint for booting agents in a minute (one per MAC, none for a MAC whose device has a key)."))
        .option(Option.integer("backend.enrolment.max_pending_per_source").defaultValue(20L).doc("Most keys from one address that may wait for an operator at once; enrolments beyond it are refused."))
        .option(Option.decimal("backend.enrolment.pending_ttl").defaultValue(86400.0).doc("Seconds a pending key waits for an operator before it is dropped (its agent enrols again)."))
        .option(Option.decimal("backend.enrolment.rejected_retention").defaultValue(2592000.0).doc("Seconds a rejected key is kept (so its agent stays refused) before it is pruned."))
        .options(RpcDatabase.options(DB))
        .options(SecuritySettings.options("backend"))
        .option(AuditTrail.databaseOption())
        .option(SecuritySettings.keysRereadOption())
        .build();
  }

  /** Reads the options of {@link #spec()}. */
  public static BackendConfig from(Configuration cfg) {
    String bind = cfg.string("backend.agent_service.bind_address");
    int queueCapacity = cfg.int32("backend.queue_capacity");
    PingSettings ping = ping(cfg);
    int ioThreads = cfg.int32("backend.io_threads");
    if (ioThreads < 0) {
      throw new IllegalArgumentException("backend.io_threads must be 0 (one per core) or more, not " + ioThreads);
    }
    return new BackendConfig(
        new ServerSettings(
            BackendService.NAME,
            bind,
            cfg.int32("backend.workers"),
            queueCapacity,
            cfg.int32("backend.max_message_bytes")),
        origin(cfg, bind),
        cfg.string("backend.inventory_router"),
        ping,
        link(cfg),
        dispatch(cfg),
        ioThreads,
        new KeyStore.EnrolmentLimits(
            cfg.int32("backend.enrolment.max_pending"),
            cfg.int32("backend.enrolment.max_pending_per_source"),
            cfg.seconds("backend.enrolment.pending_ttl"),
            cfg.seconds("backend.enrolment.rejected_retention")),
        new ServerSettings(
            BackendService.ENROLMENT, cfg.string("backend.enrolment.bind_address"), 2, queueCapacity, 64 * 1024),
        cfg.int32("backend.enrolment.auto_tokens_per_minute"),
        RpcDatabase.Settings.from(cfg, DB),
        SecuritySettings.from(cfg),
        cfg.string(AuditTrail.DATABASE_OPTION));
  }

  private static Origin origin(Configuration cfg, String bind) {
    String hostPort = bind.replaceFirst("^tcp://", "");
    int colon = hostPort.lastIndexOf(':');
    String bindHost = colon < 0 ? hostPort : hostPort.substring(0, colon);
    String address =
        cfg.optionalString("backend.origin.address")
            .orElse(bindHost.equals("*") || bindHost.equals("0.0.0.0") ? hostName() : bindHost);
    Long port = cfg.integer("backend.origin.port");
    if (port == null) {
      if (colon < 0 || hostPort.substring(colon + 1).equals("0")) {
        throw new IllegalArgumentException("backend.origin.port must be set when the bind port is not fixed (" + bind + ")");
      }
      port = Long.parseLong(hostPort.substring(colon + 1));
    }
    return new Origin(cfg.string("backend.origin.name"), cfg.string("backend.origin.datacenter"), address, port);
  }

  private static PingSettings ping(Configuration cfg) {
    PingSettings ping =
        new PingSettings(
            cfg.seconds("backend.ping.interval"),
            cfg.seconds("backend.ping.cycle_time"),
            Duration.ofMillis(cfg.integer("backend.ping.initial_timeout")),
            cfg.int32("backend.ping.retries"),
            cfg.decimal("backend.ping.backoff"),
            cfg.int32("backend.ping.max_to_schedule"));
    try {
      ping = ping.withAfterDisconnect(cfg.seconds("backend.ping.after_disconnect"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("backend.ping.after_disconnect: " + e.getMessage());
    }
    if (cfg.decimal("backend.ping.heartbeat") == null) {
      return ping;
    }
    try {
      return ping.withHeartbeat(cfg.seconds("backend.ping.heartbeat"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("backend.ping.heartbeat: " + e.getMessage());
    }
  }

  private static LinkSettings link(Configuration cfg) {
    try {
      return LinkSettings.of(
          cfg.int32("backend.link.max_in_flight"),
          cfg.int32("backend.link.max_connections"),
          cfg.seconds("backend.link.idle_timeout"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("backend.link: " + e.getMessage());
    }
  }

  private static DispatchSettings dispatch(Configuration cfg) {
    return new DispatchSettings(
        cfg.seconds("backend.dispatch.attempt_timeout"),
        cfg.int32("backend.dispatch.attempts"),
        DispatchSettings.defaults().firstRetry(),
        cfg.seconds("backend.dispatch.timeout_grace"),
        cfg.seconds("backend.dispatch.resend_after"),
        cfg.seconds("backend.dispatch.sweep_interval"));
  }

  static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
