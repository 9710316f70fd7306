package io.mercury.cli.command.boot;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a device's {@code boot} document makes it boot, as the boot service decides (docs/protocol.md, "Boot service"). */
final class BootPlan {
  private BootPlan() {}

  /** {@code script}, {@code local}, {@code rescue} or {@code agent}. */
  static String of(Object boot) {
    if (!(boot instanceof Map<?, ?> b)) {
      return "agent";
    }
    if (b.get("script") instanceof String s && !s.isBlank()) {
      return "script";
    }
    Object state = b.get("state");
    return "local".equals(state) || "rescue".equals(state) ? (String) state : "agent";
  }

  /** {@code boot} after {@code change} ({@code boot.state}/{@code boot.script} keys) is applied. */
  static Map<String, Object> applied(Object boot, Map<String, Object> change) {
    Map<String, Object> after = new LinkedHashMap<>();
    if (boot instanceof Map<?, ?> b) {
      b.forEach((k, v) -> after.put(String.valueOf(k), v));
    }
    change.forEach((k, v) -> after.put(k.substring("boot.".length()), v));
    return after;
  }
}
