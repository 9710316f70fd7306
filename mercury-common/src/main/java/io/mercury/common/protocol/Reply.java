package io.mercury.common.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reply from a Mercury ROUTER service: {@code {"error": false, "message": result}} or {@code {"error":
 * true, "message": text, "traceback": [...]}}. A transport failure (no reply at all) is not a Reply; it is
 * a {@link io.mercury.common.transport.TransportException}.
 */
public sealed interface Reply {

  /** The wire form of this reply. */
  Map<String, Object> toWire();

  static Ok ok(Object message) {
    return new Ok(message);
  }

  static Failure failure(String message) {
    return new Failure(message, null);
  }

  /** Reads a decoded reply map; anything that is not a reply map becomes a Failure saying so. */
  static Reply fromWire(Object decoded) {
    if (!(decoded instanceof Map<?, ?> map)) {
      return failure("reply is not a map");
    }
    Object error = map.get("error");
    Object message = map.get("message");
    if (Boolean.TRUE.equals(error)) {
      List<String> traceback = null;
      if (map.get("traceback") instanceof List<?> lines) {
        traceback = lines.stream().map(String::valueOf).toList();
      }
      return new Failure(String.valueOf(message), traceback);
    }
    if (!map.containsKey("error") && map.containsKey(KeepAlive.KEY)) {
      return new Ok(map.get(KeepAlive.KEY));
    }
    return new Ok(message);
  }

  /** A successful call; {@code message} is the endpoint's result and may be null. */
  record Ok(Object message) implements Reply {
    @Override
    public Map<String, Object> toWire() {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("error", false);
      wire.put("message", message);
      return wire;
    }
  }

  /** A refused or failed call, with a message meant for the person who sent it. */
  record Failure(String message, List<String> traceback) implements Reply {
    @Override
    public Map<String, Object> toWire() {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("error", true);
      wire.put("message", message);
      if (traceback != null) {
        wire.put("traceback", traceback);
      }
      return wire;
    }
  }
}
