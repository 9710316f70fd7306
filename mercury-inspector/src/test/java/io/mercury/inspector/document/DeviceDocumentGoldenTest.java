package io.mercury.inspector.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.common.logging.MercuryVersion;
import io.mercury.inspector.Inspector;
import io.mercury.inspector.collect.Sources;
import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.SystemRoot;
import io.mercury.inspector.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The device documents of the captured machines, byte for byte as {@code inspect} prints them (compact
 * JSON, key order included) and with every value's Java type ({@code 5L}, {@code 5i}, {@code 2.0d}, ...),
 * against golden files captured before the collectors produced records. {@code <machine>} runs the
 * fixture's recorded tools; {@code <machine>@no-tools} has no tool, as with {@code inspect --root}.
 * Regenerate (only for an intended change of the document) with {@code -Dmercury.golden.write=true}.
 */
class DeviceDocumentGoldenTest {
  private static final String VERSION_MARK = "${mercury.version}";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "broken", "dell-r640", "hpe-dl380", "kvm-guest", "microvm", "broken@no-tools", "dell-r640@no-tools",
        "hpe-dl380@no-tools", "kvm-guest@no-tools", "microvm@no-tools"
      })
  void theDocumentIsTheGoldenOne(String name) throws Exception {
    String json;
    String typed;
    try {
      Map<String, Object> document = new Inspector(sources(name), Inspector.standardCollectors()).inspect();
      json = new ObjectMapper().writeValueAsString(document);
      typed = TypedRendering.render(document);
    } catch (Exception e) {
      json = e.getClass().getName() + ": " + e.getMessage();
      typed = json;
    }
    json = json.replace(MercuryVersion.get(), VERSION_MARK) + "\n";
    typed = typed.replace(MercuryVersion.get(), VERSION_MARK) + "\n";
    Path dir = Fixtures.root("..").resolve("golden/documents");
    Path jsonFile = dir.resolve(name + ".json");
    Path typedFile = dir.resolve(name + ".typed.txt");
    if (Boolean.getBoolean("mercury.golden.write")) {
      Files.createDirectories(dir);
      Files.writeString(jsonFile, json, StandardCharsets.UTF_8);
      Files.writeString(typedFile, typed, StandardCharsets.UTF_8);
    }
    assertThat(json).isEqualTo(Files.readString(jsonFile, StandardCharsets.UTF_8));
    assertThat(typed).isEqualTo(Files.readString(typedFile, StandardCharsets.UTF_8));
  }

  private static Sources sources(String name) {
    if (!name.endsWith("@no-tools")) {
      return Fixtures.sources(name);
    }
    String machine = name.substring(0, name.indexOf('@'));
    return new Sources(
        new SystemRoot(Fixtures.root(machine)),
        (command, timeout) -> new CommandResult(CommandResult.Outcome.MISSING, -1, "", command.get(0) + " is not run"),
        Duration.ofSeconds(5));
  }

  /** JSON-like, one value a line, each scalar with its Java type; maps keep their iteration order. */
  static final class TypedRendering {
    private TypedRendering() {}

    static String render(Object value) {
      StringBuilder out = new StringBuilder();
      render(value, "", out);
      return out.toString();
    }

    private static void render(Object value, String indent, StringBuilder out) {
      switch (value) {
        case null -> out.append("null");
        case Map<?, ?> map -> {
          out.append("{\n");
          map.forEach(
              (k, v) -> {
                out.append(indent).append("  ").append(k).append(": ");
                render(v, indent + "  ", out);
                out.append('\n');
              });
          out.append(indent).append('}');
        }
        case List<?> list -> {
          out.append("[\n");
          for (Object v : list) {
            out.append(indent).append("  ");
            render(v, indent + "  ", out);
            out.append('\n');
          }
          out.append(indent).append(']');
        }
        case String s -> out.append('"').append(s.replace("\n", "\\n")).append('"');
        case Long l -> out.append(l).append('L');
        case Integer i -> out.append(i).append('i');
        case Double d -> out.append(d).append('d');
        case Boolean b -> out.append(b);
        default -> out.append(value.getClass().getName()).append(':').append(value);
      }
    }
  }
}
