package io.mercury.boot;

import io.mercury.boot.BootDecision.Kind;
import io.mercury.boot.DeviceDirectory.InventoryException;
import io.mercury.common.bootscript.BootScriptException;
import io.mercury.common.bootscript.BootScriptRendering;
import io.mercury.common.bootscript.BootScriptRendering.Rendered;
import io.mercury.common.bootscript.BootScriptRendering.UnsafeValue;
import io.mercury.common.bootscript.BootScriptTemplate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a device boots, from the inventory (docs/protocol.md, "Boot service"): an unknown MAC boots the agent; a
 * device's {@code boot.script} wins, rendered by {@link BootScriptTemplate} with the device document as
 * its only context (agents write that document, so a value that holds a control character or iPXE
 * syntax is refused, and the device is sent a script that prints why and fails; a variable the document
 * lacks renders empty, and the decision's detail names it, for a WARN);
 * otherwise {@code boot.state}: {@code local} exits iPXE, {@code rescue} boots the agent
 * image in rescue mode, {@code agent} (the default, and any unknown state) boots the agent. A MAC on
 * more than one device is refused with a script that says so.
 */
public final class BootDecider {
  /** Seconds an iPXE client waits before asking again when the inventory did not answer. */
  static final int RETRY_SECONDS = 10;

  private final DeviceDirectory devices;
  private final AgentImage image;
  private final AgentCredentials credentials;

  /** {@code credentials} go on the command line of each agent boot (not rescue, not custom scripts). */
  public BootDecider(DeviceDirectory devices, AgentImage image, AgentCredentials credentials) {
    this.devices = devices;
    this.image = image;
    this.credentials = credentials;
  }

  /**
   * The decision for {@code mac} (lower case, colon-separated).
   *
   * @param discoverUrl this request's own URL, which a client is told to ask again when the inventory
   *     is down
   */
  public BootDecision decide(String mac, String discoverUrl) {
    List<Map<String, Object>> matches;
    try {
      matches = devices.byMac(mac);
    } catch (InventoryException e) {
      return new BootDecision(
          Kind.INVENTORY_ERROR, null, Scripts.retry(e.getMessage(), discoverUrl, RETRY_SECONDS), e.getMessage());
    }
    if (matches.isEmpty()) {
      return new BootDecision(Kind.AGENT_NEW, null, image.agentScript(credentials.kernelArguments(mac)), "");
    }
    if (matches.size() > 1) {
      List<Object> ids = matches.stream().map(d -> d.get("mercury_id")).toList();
      String message = "Duplicate mac addresses in inventory: " + mac + " is on devices " + ids;
      return new BootDecision(Kind.DUPLICATE, null, Scripts.problem(message), message);
    }
    Map<String, Object> device = matches.getFirst();
    String id = String.valueOf(device.get("mercury_id"));
    Map<?, ?> boot = device.get("boot") instanceof Map<?, ?> b ? b : Map.of();
    if (boot.get("script") instanceof String script && !script.isBlank()) {
      return custom(id, script, discoverUrl);
    }
    Object state = boot.get("state");
    if ("local".equals(state)) {
      return new BootDecision(Kind.LOCAL, id, Scripts.local(), "");
    }
    if ("rescue".equals(state)) {
      return new BootDecision(Kind.RESCUE, id, image.rescueScript(), "");
    }
    String detail = state == null || "agent".equals(state) ? "" : "unknown boot.state '" + state + "', booting the agent";
    return new BootDecision(Kind.AGENT, id, image.agentScript(credentials.kernelArguments(mac)), detail);
  }

  private BootDecision custom(String id, String template, String discoverUrl) {
    Optional<Map<String, Object>> document;
    try {
      document = devices.document(id);
    } catch (InventoryException e) {
      return new BootDecision(
          Kind.INVENTORY_ERROR, id, Scripts.retry(e.getMessage(), discoverUrl, RETRY_SECONDS), e.getMessage());
    }
    BootScriptRendering rendering;
    try {
      rendering = BootScriptTemplate.compile(template).render(document.orElse(Map.of()));
    } catch (BootScriptException e) {
      String message = "boot.script of " + id + " cannot be rendered: " + e.getMessage();
      return new BootDecision(Kind.BAD_SCRIPT, id, Scripts.problem(message), message);
    }
    return switch (rendering) {
      case Rendered r -> new BootDecision(Kind.SCRIPT, id, r.script(), missing(id, r.missing()));
      case UnsafeValue u -> {
        String message =
            "boot.script of " + id + " not served: " + u.message()
                + "; values from the device document may hold no control characters and no iPXE syntax";
        yield new BootDecision(Kind.UNSAFE_VALUE, id, Scripts.problem(message), message);
      }
    };
  }

  /**
   * The detail of a script served with variables the document lacks (logged at WARN), or empty. The
   * device still gets its script: it may boot fine without them, and refusing would leave it unbootable;
   * {@code mcli boot script} refuses such a script before it is set, unless forced.
   */
  private static String missing(String id, List<String> missing) {
    return missing.isEmpty()
        ? ""
        : "boot.script of " + id + " rendered these variables empty, as the device document lacks them: " + String.join(", ", missing);
  }
}
