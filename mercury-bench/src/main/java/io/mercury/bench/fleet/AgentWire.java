package io.mercury.bench.fleet;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import java.util.Map;

/** The small pieces of the original agent protocol both simulated fleets speak. */
final class AgentWire {
  private AgentWire() {}

  /** An agent's reply to a backend request: {@code {message: {status, data}}}. */
  static Map<String, Object> status(int status, Object data) {
    return Map.of("message", Map.of("status", status, "data", data));
  }

  /** The decoded message, or null when it is not msgpack. */
  static Object decode(byte[] bytes) {
    try {
      return MsgPack.decode(bytes);
    } catch (MalformedMessageException e) {
      return null;
    }
  }

  /** Seconds since the epoch, as the original's timestamps. */
  static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
