package io.mercury.rpc.backend;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.transport.Peer;
import io.mercury.common.transport.PeerRequests;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.link.AgentKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent channel's bindings: which connection to the backend each Mercury agent that offered the
 * channel speaks on, so tasks, cancels and pings can travel on it (one CURVE handshake per agent
 * connection instead of one per message). See docs/protocol.md, "Agent channel".
 *
 * <p>A binding is made by {@link ChannelBinder} on an accepted registration or heartbeat that offered
 * the channel, and only with the CURVE key the device registered with; the last one wins (an agent that
 * reconnected binds its new connection with its next heartbeat). It is dropped when the agent is lost or
 * its key revoked, when its connection closes (the server's ROUTER reports it, see {@link #closed}), when
 * a request on it fails (so the next attempt goes direct), and when the device's
 * registered key is no longer the binding's key, which is checked before every request. A request's
 * reply is accepted only from the binding's key ({@link PeerRequests}).
 *
 * <p>Thread-safe: bindings are made on the server's threads and used by the dispatcher's and the
 * liveness monitor's.
 */
final class AgentChannels {
  private static final Logger log = LoggerFactory.getLogger(AgentChannels.class);

  /** A device's agent's connection, and the CURVE key it authenticated with (null: plaintext). */
  record Binding(Peer peer, String key) {}

  private final PeerRequests peers;
  private final AgentKeys agentKeys;
  private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
  /**
   * The device last bound to each connection, so a closed connection is found without a scan of every
   * binding (10,000 agents reconnecting at once would otherwise cost 10^8 comparisons). An entry can
   * outlive its binding (the device rebound elsewhere); it goes when its connection closes.
   */
  private final Map<Peer, String> devicesByPeer = new ConcurrentHashMap<>();
  private volatile Consumer<String> onBound = mercuryId -> {};

  AgentChannels(PeerRequests peers, AgentKeys agentKeys) {
    this.peers = peers;
    this.agentKeys = agentKeys;
  }

  /**
   * Binds device {@code mercuryId} to the connection {@code peer} that authenticated with {@code key}:
   * with CURVE on, only when {@code key} is the key the device registered with.
   *
   * @return whether the binding was made
   */
  boolean bind(String mercuryId, Peer peer, String key) {
    if (agentKeys.required() && (key == null || !key.equals(agentKeys.get(mercuryId)))) {
      return false;
    }
    Binding previous = bindings.put(mercuryId, new Binding(peer, key));
    devicesByPeer.put(peer, mercuryId);
    if (previous == null || !previous.peer().equals(peer)) {
      log.debug("{}: agent channel bound to {}", mercuryId, peer);
      onBound.accept(mercuryId);
    }
    return true;
  }

  /**
   * Tells {@code listener} each device whose channel is bound to a new connection (not again for each
   * heartbeat on the same one); called on the thread that made the binding.
   */
  void onBound(Consumer<String> listener) {
    this.onBound = listener;
  }

  /** Forgets the device's binding (its agent was lost or cut off). */
  void unbind(String mercuryId) {
    bindings.remove(mercuryId);
  }

  /**
   * Connection {@code peer} closed: drops the binding to it and returns its device (none when it was not
   * an agent channel, e.g. the frontend's or an original agent's connection, or the device has rebound
   * to another connection since).
   */
  List<String> closed(Peer peer) {
    String mercuryId = devicesByPeer.remove(peer);
    if (mercuryId == null) {
      return List.of();
    }
    Binding binding = bindings.get(mercuryId);
    if (binding == null || !binding.peer().equals(peer) || !bindings.remove(mercuryId, binding)) {
      return List.of();
    }
    log.debug("{}: agent channel {} closed", mercuryId, peer);
    return List.of(mercuryId);
  }

  boolean isBound(String mercuryId) {
    return bindings.containsKey(mercuryId);
  }

  PeerRequests.Stats stats() {
    return peers.stats();
  }

  /**
   * Sends {@code message} over the device's channel, when it has one, and completes with the decoded
   * reply. A failure drops the binding it used, so the next attempt goes direct.
   *
   * @return empty when the device has no usable binding
   */
  Optional<CompletableFuture<Object>> request(String mercuryId, Object message, Duration timeout) {
    Binding binding = bindings.get(mercuryId);
    if (binding == null) {
      return Optional.empty();
    }
    if (agentKeys.required() && (binding.key() == null || !binding.key().equals(agentKeys.get(mercuryId)))) {
      bindings.remove(mercuryId, binding); // the device registered with another key since
      return Optional.empty();
    }
    return Optional.of(
        peers.request(binding.peer(), binding.key(), MsgPack.encode(message), timeout)
            .thenApply(AgentChannels::decode)
            .whenComplete(
                (reply, error) -> {
                  if (error != null && bindings.remove(mercuryId, binding)) {
                    log.debug("{}: agent channel request failed ({}); next requests go direct", mercuryId, error.getMessage());
                  }
                }));
  }

  private static Object decode(byte[] reply) {
    try {
      return MsgPack.decode(reply);
    } catch (MalformedMessageException e) {
      throw new CompletionException(new TransportException("unreadable reply over the agent channel: " + e.getMessage(), e));
    }
  }
}
