package io.mercury.rpc.instruction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.mercury.rpc.model.TaskCall;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The original's {@code press_static_assets} (docs/protocol.md, "RPC frontend"): a press configuration written as a
 * Mustache template ({@code template}, a list of lines or one string) is rendered per target with that
 * target's entry of {@code assets} (keyed by mercury_id), parsed as YAML, and sent as
 * {@code press(configuration=...)}. List values in an asset are flattened to {@code "[a, b]"} as the
 * original does. Values are inserted as written (no HTML escaping), since the output is YAML.
 */
public final class PressStaticAssets implements Preprocessor {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final DefaultMustacheFactory mustache =
      new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
          try {
            writer.write(value);
          } catch (IOException e) {
            throw new MustacheException("cannot write rendered value", e);
          }
        }
      };

  @Override
  public String name() {
    return "press_static_assets";
  }

  @Override
  public String description() {
    return "Renders a press configuration template with per-target assets and runs press";
  }

  @Override
  public TaskCall callFor(String mercuryId, Map<String, Object> instruction)
      throws InstructionException {
    String template = template(instruction.get("template"));
    if (!(instruction.get("assets") instanceof Map<?, ?> assets)) {
      throw new InstructionException("press_static_assets needs 'assets', a map keyed by mercury_id");
    }
    if (!(assets.get(mercuryId) instanceof Map<?, ?> asset)) {
      throw new InstructionException("Assets supplied do not cover target " + mercuryId);
    }
    String rendered = render(template, flatten(asset));
    Object configuration;
    try {
      configuration = YAML.readValue(rendered, Object.class);
    } catch (JsonProcessingException e) {
      throw new InstructionException(
          "the rendered template for " + mercuryId + " is not valid YAML: " + e.getOriginalMessage());
    }
    if (!(configuration instanceof Map<?, ?>)) {
      throw new InstructionException(
          "the rendered template for " + mercuryId + " must be a YAML map, not " + describe(configuration));
    }
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("configuration", configuration);
    return new TaskCall("press", List.of(), kwargs, timeout(instruction));
  }

  private static String template(Object raw) throws InstructionException {
    if (raw instanceof String s) {
      return s;
    }
    if (raw instanceof List<?> lines && lines.stream().allMatch(l -> l instanceof String)) {
      return lines.stream().map(String.class::cast).collect(Collectors.joining("\n"));
    }
    throw new InstructionException("press_static_assets needs 'template', a list of lines or a string");
  }

  private String render(String template, Map<String, Object> scope) throws InstructionException {
    try {
      Mustache compiled = mustache.compile(new StringReader(template), "press_static_assets");
      StringWriter out = new StringWriter();
      compiled.execute(out, scope).flush();
      return out.toString();
    } catch (MustacheException | IOException e) {
      throw new InstructionException("the press template cannot be rendered: " + e.getMessage());
    }
  }

  private static Map<String, Object> flatten(Map<?, ?> asset) {
    Map<String, Object> flat = new LinkedHashMap<>();
    asset.forEach(
        (k, v) ->
            flat.put(
                String.valueOf(k),
                v instanceof List<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))
                    : v));
    return flat;
  }

  private static Double timeout(Map<String, Object> instruction) {
    return instruction.get("timeout") instanceof Number n ? n.doubleValue() : null;
  }

  private static String describe(Object o) {
    return o == null ? "empty" : o instanceof List<?> ? "a list" : "a scalar";
  }
}
