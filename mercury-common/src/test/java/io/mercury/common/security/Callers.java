package io.mercury.common.security;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.protocol.Reply;
import io.mercury.common.transport.MessageHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helpers for role checks: an authenticated caller of each role, and one request handed to a
 * handler as that caller (the path RouterServer takes once CURVE names the caller).
 */
public final class Callers {
  private Callers() {}

  /** An authenticated caller named {@code <role>-user} with a made-up key. */
  public static Caller as(Role role) {
    return new Caller(role.wireName() + "-user", "KEY-" + role.name(), role);
  }

  /** An authenticated Mercury daemon whose key is named {@code name} ({@code backend}, {@code api}, ...). */
  public static Caller daemon(String name) {
    return new Caller(name, "KEY-" + name, Role.SERVICE);
  }

  /** An authenticated agent bound to device {@code mercuryId}. */
  public static Caller agent(String mercuryId) {
    return new Caller(mercuryId, "KEY-" + mercuryId, Role.AGENT);
  }

  /** The reply of {@code handler} to {@code endpoint(args, kwargs)} sent by {@code caller}. */
  public static Reply call(MessageHandler handler, Caller caller, String endpoint, List<Object> args, Map<String, Object> kwargs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpoint", endpoint);
    m.put("args", args);
    m.put("kwargs", kwargs);
    try {
      return Reply.fromWire(MsgPack.decode(handler.handle(MsgPack.encode(m), caller)));
    } catch (MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  /** The declared access of every endpoint of a registry, by name. */
  public static Map<String, Access> accessOf(EndpointRegistry registry) {
    Map<String, Access> out = new LinkedHashMap<>();
    registry.names().forEach(n -> out.put(n, registry.find(n).orElseThrow().access()));
    return out;
  }
}
