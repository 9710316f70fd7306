package io.mercury.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structured event a daemon forwards to the log service, one map per logging event: {@code time}
 * (epoch seconds, a float), {@code level}, {@code logger}, {@code thread}, {@code message}, the fixed
 * fields of the process ({@code service}, {@code version}, {@code host}), the ids of the logging context
 * that are set ({@code mercury_id}, {@code job_id}, {@code task_id}) and {@code exception} (the stack
 * trace text) when there is one. Message and exception are cut to {@link #MAX_TEXT} characters so one
 * event cannot make a batch too large.
 */
public final class LogEventWire {
  public static final int MAX_TEXT = 32 * 1024;
  static final List<String> CONTEXT_KEYS = List.of(LogKeys.MERCURY_ID, LogKeys.JOB_ID, LogKeys.TASK_ID);

  private LogEventWire() {}

  /** The wire map of one event; {@code fields} are the process's fixed fields. */
  public static Map<String, Object> of(ILoggingEvent event, Map<String, String> fields) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("time", event.getTimeStamp() / 1000.0);
    wire.put("level", event.getLevel().toString());
    wire.put("logger", event.getLoggerName());
    wire.put("thread", event.getThreadName());
    wire.put("message", cut(event.getFormattedMessage()));
    wire.putAll(fields);
    Map<String, String> mdc = event.getMDCPropertyMap();
    for (String key : CONTEXT_KEYS) {
      String value = mdc.get(key);
      if (value != null) {
        wire.put(key, value);
      }
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      wire.put("exception", cut(ThrowableProxyUtil.asString(thrown)));
    }
    return wire;
  }

  /** A WARN event made by the forwarder itself (its drop counts). */
  static Map<String, Object> notice(String logger, String message, Map<String, String> fields) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("time", System.currentTimeMillis() / 1000.0);
    wire.put("level", "WARN");
    wire.put("logger", logger);
    wire.put("thread", RemoteLogAppender.THREAD);
    wire.put("message", message);
    wire.putAll(fields);
    return wire;
  }

  private static String cut(String text) {
    if (text == null || text.length() <= MAX_TEXT) {
      return text;
    }
    return text.substring(0, MAX_TEXT) + "... (" + (text.length() - MAX_TEXT) + " more characters)";
  }
}
