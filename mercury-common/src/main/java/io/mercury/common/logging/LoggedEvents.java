package io.mercury.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.mercury.common.protocol.log.LogEvent;
import io.mercury.common.protocol.log.LogLevel;
import java.time.Instant;
import java.util.Map;

/**
 * Turns a logging event into the structured event a daemon forwards to the log service: its time,
 * level, logger, thread and message, the fixed fields of the process ({@code service}, {@code version},
 * {@code host}, and {@code mercury_id} once an agent knows it), the ids of the logging context that are
 * set ({@code mercury_id}, {@code job_id}, {@code task_id}; they win over the fixed fields) and the stack
 * trace text when there is one. Message and exception are cut to {@link #MAX_TEXT} characters so one
 * event cannot make a batch too large.
 */
public final class LoggedEvents {
  public static final int MAX_TEXT = 32 * 1024;

  private LoggedEvents() {}

  /** The event to forward; {@code fields} are the process's fixed fields. */
  public static LogEvent of(ILoggingEvent event, Map<String, String> fields) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    IThrowableProxy thrown = event.getThrowableProxy();
    return new LogEvent(
        Instant.ofEpochMilli(event.getTimeStamp()),
        LogLevel.parse(event.getLevel().toString()).orElse(LogLevel.INFO),
        cut(event.getFormattedMessage() == null ? "" : event.getFormattedMessage()),
        fields.get(LogKeys.SERVICE),
        fields.get(LogKeys.VERSION),
        fields.get(LogKeys.HOST),
        event.getLoggerName(),
        event.getThreadName(),
        context(mdc, fields, LogKeys.MERCURY_ID),
        context(mdc, fields, LogKeys.JOB_ID),
        context(mdc, fields, LogKeys.TASK_ID),
        thrown == null ? null : cut(ThrowableProxyUtil.asString(thrown)));
  }

  /** A WARN event made by the forwarder itself (its drop counts). */
  static LogEvent notice(String logger, String message, Map<String, String> fields) {
    return new LogEvent(
        Instant.now(),
        LogLevel.WARN,
        message,
        fields.get(LogKeys.SERVICE),
        fields.get(LogKeys.VERSION),
        fields.get(LogKeys.HOST),
        logger,
        RemoteLogAppender.THREAD,
        fields.get(LogKeys.MERCURY_ID),
        null,
        null,
        null);
  }

  private static String context(Map<String, String> mdc, Map<String, String> fields, String key) {
    String value = mdc == null ? null : mdc.get(key);
    return value != null ? value : fields.get(key);
  }

  private static String cut(String text) {
    if (text == null || text.length() <= MAX_TEXT) {
      return text;
    }
    return text.substring(0, MAX_TEXT) + "... (" + (text.length() - MAX_TEXT) + " more characters)";
  }
}
