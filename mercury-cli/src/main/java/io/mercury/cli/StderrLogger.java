package io.mercury.cli;

import java.io.PrintStream;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * mcli's SLF4J logger: warnings and errors only, one line each on a stream (standard error), as
 * {@code mcli: WARN ServiceClient: message}, followed by the stack trace of a throwable if one is
 * given; stdout carries results only. Lower levels are off.
 */
final class StderrLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient PrintStream out;
  private final String label;

  StderrLogger(String name, String program, PrintStream out) {
    this.name = name;
    this.out = out;
    this.label = program + ": %s " + name.substring(name.lastIndexOf('.') + 1) + ": ";
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  @Override
  public boolean isDebugEnabled() {
    return false;
  }

  @Override
  public boolean isInfoEnabled() {
    return false;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String message, Object[] arguments, Throwable throwable) {
    if (level != Level.WARN && level != Level.ERROR) {
      return;
    }
    String line = label.formatted(level) + MessageFormatter.basicArrayFormat(message, arguments);
    synchronized (out) {
      out.println(line);
      if (throwable != null) {
        throwable.printStackTrace(out);
      }
      out.flush();
    }
  }
}
