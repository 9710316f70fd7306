package io.mercury.rpc.backend;

import io.mercury.common.client.InventoryClient;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.backend.AgentInfo;
import io.mercury.common.protocol.backend.BackendWire;
import io.mercury.common.protocol.backend.HeartbeatReply;
import io.mercury.common.protocol.backend.RegisterReply;
import io.mercury.common.protocol.inventory.ObjectIdReply;
import io.mercury.common.security.Caller;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.inventory.InventoryScan;
import io.mercury.rpc.link.AgentKeys;
import io.mercury.rpc.liveness.AgentLostListener;
import io.mercury.rpc.model.ZmqAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents registered with this backend (the original's "active state", docs/protocol.md, "RPC backend"):
 * registration stamps {@code active} and {@code origin} on the device in the inventory and starts
 * pinging it; an agent that stops answering becomes inactive ({@code active: null}) and its open tasks
 * fail. After a restart the backend takes its active agents back from the inventory ({@link
 * #reacquire}).
 */
final class AgentRegistry {
  private static final Logger log = LoggerFactory.getLogger(AgentRegistry.class);
  /**
   * One registered agent: where to ping it, which process registered (if it says), and the CURVE key
   * it registered with ({@code agent_info.curve_public_key}, if it says).
   */
  record Agent(String mercuryId, String pingAddress, String instance, String publicKey) {}

  private final Origin origin;
  private final InventoryClient inventory;
  private final AgentWatch watch;
  private final TaskDispatcher tasks;
  private final DoubleSupplier clock;
  private final Map<String, Agent> active = new ConcurrentHashMap<>();

  /** {@code watchFactory} builds the liveness watch that reports lost agents to this registry. */
  private final AgentKeys agentKeys;
  private final AgentChannels channels;

  AgentRegistry(
      Origin origin,
      InventoryClient inventory,
      java.util.function.Function<AgentLostListener, AgentWatch> watchFactory,
      TaskDispatcher tasks,
      DoubleSupplier clock,
      AgentKeys agentKeys,
      AgentChannels channels) {
    this.agentKeys = agentKeys;
    this.channels = channels;
    this.origin = origin;
    this.inventory = inventory;
    this.tasks = tasks;
    this.clock = clock;
    this.watch = watchFactory.apply(this::lost);
  }

  AgentWatch watch() {
    return watch;
  }

  int count() {
    return active.size();
  }

  boolean isActive(String mercuryId) {
    return active.containsKey(mercuryId);
  }

  /**
   * {@code register(device_info, agent_info)}; replies once the device is stored and tracked. An agent
   * key registers only the device it is bound to, and only the fields an agent owns ({@link
   * io.mercury.common.protocol.AgentOwnedFields}).
   */
  RegisterReply register(Map<String, Object> deviceInfo, AgentInfo agentInfo, Caller caller) throws TransportException {
    String mercuryId = registeringDevice(deviceInfo, caller);
    String pingAddress = pingAddress(agentInfo);
    if (pingAddress == null) {
      throw new EndpointException("Received invalid data from agent: rpc_address (or rpc_address6) and ping_port must be set");
    }
    if (agentInfo.capabilities() == null) {
      throw new EndpointException("Received invalid data from agent: capabilities must be a map of name to descriptor");
    }
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, mercuryId)) {
      Map<String, Object> activeInfo = BackendWire.toWire(agentInfo);
      activeInfo.put("active_since", clock.getAsDouble());
      Map<String, Object> device = new LinkedHashMap<>(deviceInfo);
      device.put("active", activeInfo);
      device.put("origin", origin.toDocument());
      try {
        inventory.insertOne(device);
      } catch (RemoteException e) {
        throw new EndpointException("the inventory refused the registration: " + e.getMessage());
      } catch (UnexpectedReplyException e) {
        throw new EndpointException("the registration was not confirmed: " + e.getMessage());
      }
      Agent agent = new Agent(mercuryId, pingAddress, agentInfo.instance(), agentInfo.curvePublicKey());
      Agent previous = active.put(mercuryId, agent);
      recordKey(mercuryId, agentInfo);
      watch.track(mercuryId, pingAddress);
      if (previous != null && previous.instance() != null && !Objects.equals(previous.instance(), agent.instance())) {
        log.info("agent restarted (instance {} -> {}); failing what the old process had open", previous.instance(), agent.instance());
        tasks.agentRestarted(mercuryId);
      }
      tasks.agentRegistered(mercuryId);
      log.info("agent registered: ping {}, {} capabilities", pingAddress, agentInfo.capabilities().size());
    }
    Duration heartbeat = watch.heartbeatInterval();
    return new RegisterReply(mercuryId, origin.name(), heartbeat.isZero() ? null : heartbeat, false);
  }

  /**
   * The id of the device a registration names, once {@code caller} may register it with these fields;
   * checked before the agent_info is read (the original's order of refusals).
   */
  static String registeringDevice(Map<String, Object> deviceInfo, Caller caller) {
    if (!(deviceInfo.get("mercury_id") instanceof String mercuryId) || mercuryId.isBlank()) {
      throw new EndpointException("Received invalid data from agent: device_info has no mercury_id");
    }
    DeviceIdentity.check(caller, mercuryId, "register");
    DeviceIdentity.checkOwnedFields(deviceInfo, true);
    return mercuryId;
  }

  /**
   * {@code heartbeat(mercury_id)}: an agent says it is alive, over its own connection, so it need not be
   * pinged. With CURVE on, only the key the agent registered with may speak for it.
   *
   * @return {@code {"known": true}}, or {@code {"known": false}} when the agent is not active here (lost,
   *     revoked, or registered with another backend) and must register again
   */
  HeartbeatReply heartbeat(String mercuryId, Caller caller) {
    DeviceIdentity.check(caller, mercuryId, "heartbeat");
    Agent agent = active.get(mercuryId);
    if (agent != null && caller.authenticated() && agent.publicKey() != null && !agent.publicKey().equals(caller.publicKey())) {
      throw new EndpointException(
          "Permission denied: a heartbeat for " + mercuryId + " comes from key " + CurveKeyPair.fingerprint(caller.publicKey())
              + ", not the key the agent registered with");
    }
    boolean known = agent != null && watch.heard(mercuryId);
    if (!known) {
      try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, mercuryId)) {
        log.debug("heartbeat from an agent that is not active here; it is told to register again");
      }
    }
    return new HeartbeatReply(known);
  }

  /**
   * {@code update(mercury_id, update_data)}: an active agent's inventory update of its own device's
   * agent-owned fields, proxied.
   */
  ObjectIdReply update(String mercuryId, Map<String, Object> updateData, Caller caller) throws TransportException {
    DeviceIdentity.check(caller, mercuryId, "update");
    DeviceIdentity.checkOwnedFields(updateData, false);
    if (!active.containsKey(mercuryId)) {
      throw new EndpointException("Received update for inactive device " + mercuryId + "; it must register first");
    }
    try {
      return inventory.updateOne(mercuryId, updateData);
    } catch (RemoteException e) {
      throw new EndpointException("the inventory refused the update: " + e.getMessage());
    } catch (UnexpectedReplyException e) {
      throw new EndpointException("the update was not confirmed: " + e.getMessage());
    }
  }

  /** The agent stopped answering: inactive in the inventory, its open tasks fail. */
  void lost(String mercuryId, String reason) {
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, mercuryId)) {
      active.remove(mercuryId);
      channels.unbind(mercuryId);
      log.warn("agent lost: {}", reason);
      tasks.agentLost(mercuryId, reason);
      markInactive(mercuryId);
    }
  }

  /**
   * The agent's key was revoked: unless the agent registered with another key (it was re-keyed and the
   * old key is the one revoked), it stops being pinged, becomes inactive in the inventory and its open
   * tasks end with {@code reason}.
   */
  void revoked(String mercuryId, String publicKey, String reason) {
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, mercuryId)) {
      Agent agent = active.get(mercuryId);
      if (agent != null && agent.publicKey() != null && !agent.publicKey().equals(publicKey)) {
        log.info("{}; the agent registered with another key and stays active", reason);
        return;
      }
      if (agent != null) {
        active.remove(mercuryId, agent);
        watch.forget(mercuryId);
      }
      agentKeys.remove(mercuryId);
      channels.unbind(mercuryId);
      log.warn("agent cut off: {}", reason);
      tasks.agentRevoked(mercuryId, reason);
      markInactive(mercuryId);
    }
  }

  private void markInactive(String mercuryId) {
    Map<String, Object> inactive = new HashMap<>();
    inactive.put("active", null);
    try {
      inventory.updateOne(mercuryId, inactive);
    } catch (TransportException | RemoteException | UnexpectedReplyException e) {
      log.warn("could not mark {} inactive in the inventory: {}", mercuryId, e.getMessage());
    }
  }

  /**
   * Takes over the agents the inventory says are active here (after a restart). A record whose
   * {@code active} lacks an address or ping port is made inactive and not tracked.
   */
  int reacquire() throws TransportException, RemoteException, UnexpectedReplyException {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("origin.name", origin.name());
    Map<String, Object> projection = Map.of("mercury_id", 1, "active", 1);
    int[] taken = new int[1];
    InventoryScan.scan(
        inventory,
        InventoryScan.activeOnly(query),
        projection,
        device -> {
          String id = (String) device.get("mercury_id");
          AgentInfo info = device.get("active") instanceof Map<?, ?> a ? BackendWire.agentInfo(a) : null;
          String ping = info == null ? null : pingAddress(info);
          if (ping == null) {
            markInactive(id);
            return;
          }
          if (agentKeys.required() && info.curvePublicKey() == null) {
            // registered in plaintext: with CURVE on, nothing proves which agent would answer there
            log.warn("{} registered without a CURVE key; with CURVE on it is made inactive until its agent registers again", id);
            markInactive(id);
            return;
          }
          if (active.putIfAbsent(id, new Agent(id, ping, info.instance(), info.curvePublicKey())) == null) {
            recordKey(id, info);
            watch.track(id, ping);
            taken[0]++;
          }
        });
    log.info("reacquired {} active agent(s) from the inventory", taken[0]);
    return taken[0];
  }

  /** Records the device's CURVE key, when its agent registered with one; forgets an old one otherwise. */
  private void recordKey(String mercuryId, AgentInfo agentInfo) {
    if (agentInfo.curvePublicKey() != null) {
      agentKeys.put(mercuryId, agentInfo.curvePublicKey());
    } else {
      agentKeys.remove(mercuryId);
    }
  }

  private static String pingAddress(AgentInfo agentInfo) {
    String host = agentInfo.host();
    return host != null && agentInfo.pingPort() != null ? ZmqAddress.tcp(host, agentInfo.pingPort()) : null;
  }
}
