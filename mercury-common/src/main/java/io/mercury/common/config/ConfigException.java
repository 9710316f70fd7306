package io.mercury.common.config;

/** A configuration problem, with a message that names the option, the source and what was expected. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
