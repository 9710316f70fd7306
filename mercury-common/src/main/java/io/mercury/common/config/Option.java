package io.mercury.common.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One declared option: a dotted name (e.g. {@code inventory.bind_address}), a type, a default, and the
 * names it has in each source. The environment name is derived as the original does ({@code
 * INVENTORY_BIND_ADDRESS}), and so is the flag ({@code --inventory-bind-address}); either can be
 * overridden. A {@code /proc/cmdline} key is only read where one is declared.
 *
 * @param <T> the Java type of the value
 */
public final class Option<T> {
  /** The value types of the original's configuration. */
  public enum Type {
    STRING("a string"),
    INTEGER("an integer"),
    DECIMAL("a number"),
    BOOL("true or false"),
    LIST("a comma-separated list");

    final String expected;

    Type(String expected) {
      this.expected = expected;
    }
  }

  private final String name;
  private final Type type;
  private T defaultValue;
  private String doc = "";
  private String env;
  private String flag;
  private String cmdline;
  private boolean required;
  private boolean secret;

  private Option(String name, Type type) {
    this.name = Objects.requireNonNull(name, "name is null");
    this.type = type;
    if (name.isBlank() || name.startsWith(".") || name.endsWith(".")) {
      throw new IllegalArgumentException("invalid option name '" + name + "'");
    }
    this.env = name.replace('.', '_').toUpperCase(Locale.ROOT);
    this.flag = "--" + name.replace('.', '-').replace('_', '-');
  }

  public static Option<String> string(String name) {
    return new Option<>(name, Type.STRING);
  }

  public static Option<Long> integer(String name) {
    return new Option<>(name, Type.INTEGER);
  }

  public static Option<Double> decimal(String name) {
    return new Option<>(name, Type.DECIMAL);
  }

  public static Option<Boolean> bool(String name) {
    return new Option<>(name, Type.BOOL);
  }

  public static Option<List<String>> list(String name) {
    return new Option<>(name, Type.LIST);
  }

  public Option<T> defaultValue(T value) {
    this.defaultValue = value;
    return this;
  }

  public Option<T> doc(String doc) {
    this.doc = Objects.requireNonNull(doc, "doc is null");
    return this;
  }

  /** Overrides the derived environment variable name. */
  public Option<T> env(String env) {
    this.env = Objects.requireNonNull(env, "env is null");
    return this;
  }

  /** Overrides the derived flag, e.g. {@code --log-level}. */
  public Option<T> flag(String flag) {
    if (!flag.startsWith("--")) {
      throw new IllegalArgumentException("flag must start with --: " + flag);
    }
    this.flag = flag;
    return this;
  }

  /** Lets a {@code KEY=value} on the kernel command line set this option (e.g. MERCURY_BACKEND). */
  public Option<T> cmdline(String key) {
    this.cmdline = Objects.requireNonNull(key, "key is null");
    return this;
  }

  /** Start-up fails when no source sets this option. */
  public Option<T> required() {
    this.required = true;
    return this;
  }

  /** The value is never printed (passwords, URIs with credentials). */
  public Option<T> secret() {
    this.secret = true;
    return this;
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  public String envName() {
    return env;
  }

  public String flagName() {
    return flag;
  }

  public String cmdlineKey() {
    return cmdline;
  }

  public boolean isRequired() {
    return required;
  }

  public boolean isSecret() {
    return secret;
  }

  /** Parses a text value from the environment, a flag or the kernel command line. */
  Object parseText(String raw, String source) {
    String text = raw.trim();
    try {
      return switch (type) {
        case STRING -> raw;
        case INTEGER -> Long.parseLong(text);
        case DECIMAL -> Double.parseDouble(text);
        case BOOL -> !(text.equals("0") || text.equalsIgnoreCase("false"));
        case LIST ->
            text.isEmpty()
                ? List.of()
                : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      };
    } catch (NumberFormatException e) {
      throw new ConfigException(
          name + " from " + source + " must be " + type.expected + ", got '" + raw + "'");
    }
  }

  /** Converts a value read from the YAML file. */
  Object fromYaml(Object value, String source) {
    return switch (type) {
      case STRING -> {
        if (value instanceof java.util.Map<?, ?> || value instanceof List<?>) {
          throw new ConfigException(name + " in " + source + " must be " + type.expected);
        }
        yield String.valueOf(value);
      }
      case INTEGER -> {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
          yield n.longValue();
        }
        yield parseText(String.valueOf(value), source);
      }
      case DECIMAL -> value instanceof Number n ? n.doubleValue() : parseText(String.valueOf(value), source);
      case BOOL -> value instanceof Boolean b ? b : parseText(String.valueOf(value), source);
      case LIST -> {
        if (value instanceof List<?> l) {
          yield l.stream().map(String::valueOf).toList();
        }
        yield parseText(String.valueOf(value), source);
      }
    };
  }
}
