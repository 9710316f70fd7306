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

  /** The original agent's {@code echo} capability, as a simulated agent advertises it at registration. */
  static Map<String, Object> echoCapability() {
    Map<String, Object> echo = new java.util.LinkedHashMap<>();
    echo.put("name", "echo");
    echo.put("entry", "echo");
    echo.put("description", "Echo something to the console");
    echo.put("doc", "Echo something to the console");
    echo.put("serial", false);
    echo.put("num_args", 1);
    echo.put("kwarg_names", null);
    echo.put("no_return", false);
    echo.put("timeout", 1800);
    echo.put("task_id_kwargs", false);
    echo.put("arguments", "MESSAGE");
    return echo;
  }

  /** Seconds since the epoch, as the original's timestamps. */
  static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
