package io.mercury.boot;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import io.mercury.boot.BootDecision.Kind;
import io.mercury.boot.DeviceDirectory.InventoryException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what a device boots, from the inventory (reference §10): an unknown MAC boots the agent; a
 * device's {@code boot.script} wins, rendered as a Mustache template with the device document as its
 * only context (agents write that document, so a value that holds a control character or iPXE syntax is
 * refused, and the device is sent a script that prints why and fails: {@link IpxeText#unsafe});
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
  private final DefaultMustacheFactory mustache =
      new DefaultMustacheFactory() {
        {
          setObjectHandler(new IpxeSafeValues());
        }

        @Override
        public void encode(String value, Writer writer) {
          try {
            writer.write(value);
          } catch (IOException e) {
            throw new MustacheException("cannot write rendered value", e);
          }
        }
      };

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
    try {
      Mustache compiled = mustache.compile(new StringReader(template), "boot.script of " + id);
      StringWriter out = new StringWriter();
      compiled.execute(out, document.orElse(Map.of())).flush();
      return new BootDecision(Kind.SCRIPT, id, out.toString(), "");
    } catch (MustacheException | IOException e) {
      Optional<UnsafeValueException> unsafe = unsafeValue(e);
      if (unsafe.isPresent()) {
        String message =
            "boot.script of " + id + " not served: the value of " + unsafe.get().variable(e) + " " + unsafe.get().getMessage()
                + "; values from the device document may hold no control characters and no iPXE syntax";
        return new BootDecision(Kind.UNSAFE_VALUE, id, Scripts.problem(message), message);
      }
      String message = "boot.script of " + id + " cannot be rendered: " + e.getMessage();
      return new BootDecision(Kind.BAD_SCRIPT, id, Scripts.problem(message), message);
    }
  }

  private static Optional<UnsafeValueException> unsafeValue(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnsafeValueException unsafe) {
        return Optional.of(unsafe);
      }
    }
    return Optional.empty();
  }

  /**
   * Renders each value as Mustache's reflection handler does, and refuses one that is not safe in an
   * iPXE script ({@link IpxeText#unsafe}): plain {@code {{x}}} and raw {@code {{{x}}}} alike, as both
   * are turned into text here.
   */
  private static final class IpxeSafeValues extends ReflectionObjectHandler {
    @Override
    public String stringify(Object object) {
      String text = super.stringify(object);
      Optional<String> why = IpxeText.unsafe(text);
      if (why.isPresent()) {
        throw new UnsafeValueException(why.get());
      }
      return text;
    }
  }

  /** A rendered value that may not go into an iPXE script; the message says why. */
  private static final class UnsafeValueException extends RuntimeException {
    private static final Pattern VARIABLE = Pattern.compile("Failed to get value for (\\S+)");

    UnsafeValueException(String why) {
      super(why, null, false, false);
    }

    /** The template's variable, as Mustache names it in the exception that wraps this one. */
    String variable(Throwable wrapper) {
      for (Throwable t = wrapper; t != null && t != this; t = t.getCause()) {
        Matcher m = VARIABLE.matcher(String.valueOf(t.getMessage()));
        if (m.find()) {
          return "{{" + m.group(1) + "}}";
        }
      }
      return "a variable";
    }
  }
}
