package io.mercury.common.protocol;

import java.util.Map;

/** The original's keep-alive exchange: {@code {"_protocol_message": "keep_alive"}} and its confirmation. */
public final class KeepAlive {
  public static final String KEY = "_protocol_message";
  public static final Map<String, Object> REQUEST = Map.of(KEY, "keep_alive");
  public static final Map<String, Object> CONFIRMATION = Map.of(KEY, "keep_alive_confirmed");

  private KeepAlive() {}

  public static boolean isRequest(Map<?, ?> message) {
    return "keep_alive".equals(message.get(KEY));
  }
}
