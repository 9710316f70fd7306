package io.mercury.rpc.backend;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import io.mercury.common.transport.MessageHandler;
import io.mercury.common.transport.Peer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a Mercury agent's connection as its channel ({@link AgentChannels}) when the agent offers it: a
 * registration with {@code agent_info.channel: 1}, or a heartbeat with {@code channel: true}. The
 * binding is made only once the wrapped handler accepted the message (a registration stored, a heartbeat
 * answered {@code known: true}), only for a message that came straight from the agent's DEALER, and,
 * with CURVE, only with the device's registered key. An accepted registration's reply then says {@code
 * channel: true}, which the agent needs before it offers the channel on its heartbeats. Any other message
 * passes through untouched; an agent that offers nothing (the original's, an older Mercury agent) is
 * never sent anything on its connection.
 */
final class ChannelBinder implements MessageHandler {
  /** The key of the offer (agent_info, heartbeat kwargs) and of the register reply's acceptance. */
  static final String CHANNEL = "channel";
  /** The channel protocol version an agent offers in {@code agent_info.channel}. */
  static final long VERSION = 1;
  /** The endpoints that may offer the channel. */
  private static final java.util.Set<String> OFFERED_ON = java.util.Set.of("register", "heartbeat");

  private final AgentChannels channels;
  private final MessageHandler next;

  ChannelBinder(AgentChannels channels, MessageHandler next) {
    this.channels = channels;
    this.next = next;
  }

  @Override
  public byte[] handle(byte[] payload, Caller caller) {
    return next.handle(payload, caller);
  }

  @Override
  public byte[] handle(byte[] payload, Caller caller, Peer peer) {
    byte[] reply = next.handle(payload, caller, peer);
    String endpoint = peer == null ? null : MsgPack.peekString(payload, "endpoint");
    if (endpoint == null || !OFFERED_ON.contains(endpoint)) {
      return reply; // most messages (task reports, large ones among them) are not decoded again
    }
    Offer offer = offer(payload);
    if (offer == null || !(decode(reply) instanceof Map<?, ?> wire) || !Boolean.FALSE.equals(wire.get("error"))
        || !(wire.get("message") instanceof Map<?, ?> message)) {
      return reply;
    }
    if (offer.register()) {
      if (!channels.bind(offer.mercuryId(), peer, caller.publicKey())) {
        return reply;
      }
      Map<Object, Object> accepted = new LinkedHashMap<>(message);
      accepted.put(CHANNEL, true);
      return MsgPack.encode(Reply.ok(accepted).toWire());
    }
    if (Boolean.TRUE.equals(message.get("known"))) {
      channels.bind(offer.mercuryId(), peer, caller.publicKey());
    }
    return reply;
  }

  @Override
  public boolean answersOnSocketThread(byte[] payload, Caller caller) {
    return next.answersOnSocketThread(payload, caller);
  }

  /** A registration or heartbeat that offers the channel, for this device. */
  private record Offer(boolean register, String mercuryId) {}

  private static Offer offer(byte[] payload) {
    if (!(decode(payload) instanceof Map<?, ?> request)) {
      return null;
    }
    Object endpoint = request.get("endpoint");
    List<?> args = request.get("args") instanceof List<?> a ? a : List.of();
    Map<?, ?> kwargs = request.get("kwargs") instanceof Map<?, ?> k ? k : Map.of();
    if ("register".equals(endpoint)) {
      Object deviceInfo = args.size() > 0 ? args.get(0) : kwargs.get("device_info");
      Object agentInfo = args.size() > 1 ? args.get(1) : kwargs.get("agent_info");
      if (agentInfo instanceof Map<?, ?> info && info.get(CHANNEL) instanceof Number v && v.longValue() >= VERSION
          && deviceInfo instanceof Map<?, ?> device && device.get("mercury_id") instanceof String id) {
        return new Offer(true, id);
      }
    } else if ("heartbeat".equals(endpoint) && Boolean.TRUE.equals(kwargs.get(CHANNEL))) {
      Object id = args.size() > 0 ? args.get(0) : kwargs.get("mercury_id");
      if (id instanceof String mercuryId) {
        return new Offer(false, mercuryId);
      }
    }
    return null;
  }

  private static Object decode(byte[] bytes) {
    try {
      return MsgPack.decode(bytes);
    } catch (MalformedMessageException e) {
      return null;
    }
  }
}
