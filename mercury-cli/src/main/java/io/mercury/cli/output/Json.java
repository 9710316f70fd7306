package io.mercury.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * JSON text of value trees (maps, lists, strings, numbers, booleans, null): compact, one line, for
 * scripts ({@code jq}), or indented with two spaces for people.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter LINE = MAPPER.writer();
  private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

  private Json() {}

  /** One line of JSON, no trailing newline. */
  public static String line(Object value) {
    return write(LINE, value);
  }

  /** Indented JSON ({@code "key": value}, arrays one element per line), no trailing newline. */
  public static String pretty(Object value) {
    return write(PRETTY, value);
  }

  private static String write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }
}
