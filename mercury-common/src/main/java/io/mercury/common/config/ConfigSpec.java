package io.mercury.common.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options one program declares, its name and its configuration file name. Every program also gets
 * {@code logging.level} and {@code logging.format}, as in the original, and {@code logging.remote_url}, the
 * log service its events are forwarded to.
 */
public final class ConfigSpec {
  private final String program;
  private final String fileName;
  private final Map<String, Option<?>> options;

  private ConfigSpec(String program, String fileName, Map<String, Option<?>> options) {
    this.program = program;
    this.fileName = fileName;
    this.options = Collections.unmodifiableMap(options);
  }

  public static Builder builder(String program, String fileName) {
    return new Builder(program, fileName);
  }

  public String program() {
    return program;
  }

  public String fileName() {
    return fileName;
  }

  public Collection<Option<?>> options() {
    return options.values();
  }

  Option<?> option(String name) {
    return options.get(name);
  }

  /** A Markdown table of the options: name, env, flag, default, description. */
  public String markdownTable() {
    StringBuilder md = new StringBuilder();
    md.append("| option | environment | flag | default | description |\n");
    md.append("|---|---|---|---|---|\n");
    for (Option<?> o : options.values()) {
      Object def = o.defaultValue();
      md.append("| `")
          .append(o.name())
          .append("` | `")
          .append(o.envName())
          .append("` | `")
          .append(o.flagName())
          .append("` | ")
          .append(o.isRequired() ? "required" : def == null ? "—" : "`" + def + "`")
          .append(" | ")
          .append(o.doc())
          .append(o.cmdlineKey() == null ? "" : " Also `" + o.cmdlineKey() + "=` on the kernel command line.")
          .append(" |\n");
    }
    return md.toString();
  }

  /** Collects options; a duplicated name or flag is a programming error. */
  public static final class Builder {
    private final String program;
    private final String fileName;
    private final Map<String, Option<?>> options = new LinkedHashMap<>();

    private Builder(String program, String fileName) {
      this.program = Objects.requireNonNull(program, "program is null");
      this.fileName = Objects.requireNonNull(fileName, "fileName is null");
      option(
          Option.string("logging.level")
              .defaultValue("INFO")
              .env("MERCURY_LOG_LEVEL")
              .flag("--log-level")
              .doc("Log level: TRACE, DEBUG, INFO, WARN or ERROR."));
      option(
          Option.string("logging.format")
              .defaultValue("console")
              .env("MERCURY_LOG_FORMAT")
              .flag("--log-format")
              .doc("Log format: `console` (readable lines) or `json` (one JSON object per line)."));
      option(
          Option.string("logging.remote_url")
              .env("MERCURY_LOG_SERVICE")
              .flag("--log-service")
              .doc("Log service (ZeroMQ ROUTER) every event is also forwarded to, e.g. `tcp://log:9006`; unset: none."));
    }

    public Builder option(Option<?> option) {
      if (options.containsKey(option.name())) {
        throw new IllegalArgumentException("option " + option.name() + " is declared twice");
      }
      for (Option<?> o : options.values()) {
        if (o.flagName().equals(option.flagName())) {
          throw new IllegalArgumentException(
              "options " + o.name() + " and " + option.name() + " share the flag " + o.flagName());
        }
      }
      options.put(option.name(), option);
      return this;
    }

    public Builder options(Collection<? extends Option<?>> more) {
      more.forEach(this::option);
      return this;
    }

    public ConfigSpec build() {
      return new ConfigSpec(program, fileName, new LinkedHashMap<>(options));
    }
  }
}
