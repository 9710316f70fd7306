package io.mercury.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved configuration of one program: each declared option's value and its source, plus the whole
 * YAML tree for keys that are not declared options.
 */
public final class Configuration {
  private final ConfigSpec spec;
  private final Map<String, Object> values;
  private final Map<String, Source> sources;
  private final Map<String, Object> tree;
  private final Path file;

  Configuration(
      ConfigSpec spec,
      Map<String, Object> values,
      Map<String, Source> sources,
      Map<String, Object> tree,
      Path file) {
    this.spec = spec;
    this.values = values;
    this.sources = sources;
    this.tree = tree;
    this.file = file;
  }

  private Object value(String name) {
    if (spec.option(name) == null) {
      throw new IllegalArgumentException(spec.program() + " declares no option named " + name);
    }
    return values.get(name);
  }

  /** Whether the program declares the option {@code name}. */
  public boolean declares(String name) {
    return spec.option(name) != null;
  }

  public String string(String name) {
    return (String) value(name);
  }

  public Optional<String> optionalString(String name) {
    return Optional.ofNullable(string(name)).filter(s -> !s.isEmpty());
  }

  public Long integer(String name) {
    return (Long) value(name);
  }

  /**
   * An integer option that must fit an {@code int} (thread counts, sizes).
   *
   * @throws ConfigException when the value is out of the {@code int} range
   */
  public int int32(String name) {
    long value = integer(name);
    if (value != (int) value) {
      throw new ConfigException(name + " must be between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }

  /** A decimal option counting seconds, as a duration rounded to the millisecond. */
  public Duration seconds(String name) {
    return Duration.ofMillis(Math.round(decimal(name) * 1000));
  }

  public Double decimal(String name) {
    return (Double) value(name);
  }

  public Boolean bool(String name) {
    return (Boolean) value(name);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String name) {
    return (List<String>) value(name);
  }

  /** Where the value of a declared option came from. */
  public Source source(String name) {
    value(name);
    return sources.get(name);
  }

  /** The configuration file read, if any. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Any key of the YAML file by dotted path, declared or not; null when absent. */
  public Object get(String dottedPath) {
    return ConfigLoader.lookup(tree, dottedPath);
  }

  /** The whole YAML tree (empty without a file). */
  public Map<String, Object> tree() {
    return tree;
  }

  /** One line per option (name = value (source)), secrets redacted, for the start-up log. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append(spec.program()).append(" configuration");
    if (file != null) {
      text.append(" (file ").append(file).append(')');
    }
    for (Option<?> o : spec.options()) {
      Object v = values.get(o.name());
      text.append("\n  ")
          .append(o.name())
          .append(" = ")
          .append(o.isSecret() && v != null ? "[REDACTED]" : v)
          .append("  (")
          .append(sources.get(o.name()))
          .append(')');
    }
    return text.toString();
  }
}
