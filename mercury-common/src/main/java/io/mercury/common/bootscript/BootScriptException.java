package io.mercury.common.bootscript;

/**
 * A boot script that cannot be rendered at all: its template does not compile (an unclosed section, a
 * partial), whatever the device. The message is mustache.java's, with the line ({@code @[boot.script:2]}).
 */
public final class BootScriptException extends Exception {
  BootScriptException(String message, Throwable cause) {
    super(message, cause);
  }
}
