package io.mercury.cli.command.boot;

import io.mercury.cli.output.Cells;
import io.mercury.cli.output.Json;
import io.mercury.common.bootscript.BootScriptRendering.Rendered;
import io.mercury.common.bootscript.BootScriptRendering.UnsafeValue;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code mcli boot script --dry-run} prints: for each device, a headline
 * {@code == <mercury_id> (boots <plan> now)}, then the script it would get, then
 * {@code -- missing: ...} when its document lacks variables the script uses. A script the boot service
 * would not serve gets the reason on its headline instead:
 *
 * <pre>
 * == dev-1 (boots agent now)
 * #!ipxe
 * kernel http://files/vmlinuz ip=
 * -- missing: ip (rendered empty)
 * == dev-2 (boots local now): not served: the value of {{dmi.sys_vendor}} holds ...
 * </pre>
 *
 * With {@code --json}, one line per device: {@code mercury_id}, {@code boots}, {@code would_boot},
 * {@code rendered} (null when not served), {@code missing} and {@code unsafe} (the reason, or null).
 */
final class ScriptPreview {
  private ScriptPreview() {}

  static void print(PrintWriter out, List<DeviceScript> scripts, boolean json) {
    for (DeviceScript s : scripts) {
      out.print(json ? Json.line(line(s)) + "\n" : block(s));
    }
  }

  static String block(DeviceScript s) {
    StringBuilder b = new StringBuilder("== ").append(Cells.text(s.mercuryId())).append(" (boots ").append(s.boots()).append(" now)");
    switch (s.rendering()) {
      case UnsafeValue u -> b.append(": not served: ").append(u.message()).append('\n');
      case Rendered r -> {
        b.append('\n').append(r.script());
        if (!r.script().isEmpty() && !r.script().endsWith("\n")) {
          b.append('\n');
        }
        if (!r.missing().isEmpty()) {
          b.append("-- missing: ").append(String.join(", ", r.missing())).append(" (rendered empty)\n");
        }
      }
    }
    return b.toString();
  }

  private static Map<String, Object> line(DeviceScript s) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("mercury_id", s.mercuryId());
    line.put("boots", s.boots());
    line.put("would_boot", "script");
    line.put("rendered", s.rendering() instanceof Rendered r ? r.script() : null);
    line.put("missing", s.missing());
    line.put("unsafe", s.rendering() instanceof UnsafeValue u ? u.message() : null);
    return line;
  }
}
