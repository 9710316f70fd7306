package io.mercury.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.mercury.common.config.Configuration;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Sets up a daemon's logging from its {@code logging.level} and {@code logging.format} options:
 * {@code json} writes one JSON object per line with {@code @timestamp} (UTC, {@link #TIME_PATTERN}),
 * {@code service}, {@code version}, {@code host} and, where known, {@code mercury_id}, {@code job_id},
 * {@code task_id} (from the logging context); {@code console} writes readable lines with the same time
 * and ids. With {@code logging.remote_url} set, every event is also forwarded to the log service by a
 * {@link RemoteLogAppender}, which never blocks the caller.
 */
public final class Logging {
  private static final List<String> CHATTY = List.of("org.mongodb.driver", "de.bwaldvogel", "io.netty", "org.h2");

  private static final String REMOTE = "mercury-log-service";

  /**
   * Every time a daemon writes: ISO-8601 in UTC to the millisecond ({@code 2026-12-07T04:31:22.123Z}),
   * the form of job documents and of {@code mcli log}, so lines of hosts in other zones compare as they
   * are. As a {@link java.time.format.DateTimeFormatter} pattern (the JSON encoder's) and as logback's
   * {@code %d} conversion (the console's).
   */
  static final String TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  private static final String CONSOLE_TIME = "%d{" + TIME_PATTERN + ", UTC}";

  private Logging() {}

  /**
   * Gives every event forwarded from now on that carries no {@code mercury_id} of its own this one: the
   * agent's device, once inspected. Does nothing when events are not forwarded.
   */
  public static void identify(String mercuryId) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    if (context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(REMOTE) instanceof RemoteLogAppender remote) {
      remote.putField(LogKeys.MERCURY_ID, mercuryId);
    }
  }

  /** Configures logging to standard output. */
  public static void configure(String service, String level, String format) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    install(service, level, format, console);
  }

  /**
   * Configures logging from a program's {@code logging.level}, {@code logging.format} and {@code
   * logging.remote_url} options.
   */
  public static void configure(String service, Configuration cfg) {
    configure(service, cfg, null);
  }

  /**
   * As {@link #configure(String, Configuration)}; a non-blank {@code remoteUrl} (the agent's {@code
   * agent.remote.log_service_url}) wins over {@code logging.remote_url}.
   */
  public static void configure(String service, Configuration cfg, String remoteUrl) {
    String url = remoteUrl != null && !remoteUrl.isBlank() ? remoteUrl : cfg.optionalString("logging.remote_url").orElse("");
    // With CURVE on, the forwarder is a CURVE client of the log service with the program's own key.
    io.mercury.common.security.CurveClient curve =
        !url.isBlank() && cfg.declares(io.mercury.common.security.SecuritySettings.CURVE)
            ? io.mercury.common.security.SecuritySettings.from(cfg).client("log").orElse(null)
            : null;
    configure(service, cfg, remoteUrl, curve);
  }

  /**
   * As {@link #configure(String, Configuration, String)}, forwarding as the CURVE client {@code logCurve}
   * (null: plaintext) rather than with the key the program's security options name (the agent's key
   * lives in its state directory).
   */
  public static void configure(
      String service, Configuration cfg, String remoteUrl, io.mercury.common.security.CurveClient logCurve) {
    configure(service, cfg.string("logging.level"), cfg.string("logging.format"));
    String url = remoteUrl != null && !remoteUrl.isBlank() ? remoteUrl : cfg.optionalString("logging.remote_url").orElse("");
    if (!url.isBlank()) {
      forward(service, url.strip(), RemoteLogAppender.Settings.defaults().withCurve(logCurve));
    }
  }

  /**
   * Adds forwarding to the log service at {@code url} to the configured logging; the appender is stopped
   * (what it buffered sent, within its timeout) when the logging is reset or the JVM exits.
   */
  public static RemoteLogAppender forward(String service, String url, RemoteLogAppender.Settings settings) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    RemoteLogAppender remote =
        new RemoteLogAppender(
            url,
            Map.of(LogKeys.SERVICE, service, LogKeys.VERSION, MercuryVersion.get(), LogKeys.HOST, host()),
            settings);
    remote.setContext(context);
    remote.setName(REMOTE);
    remote.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(remote);
    Runtime.getRuntime().addShutdownHook(new Thread(remote::stop, "mercury-log-flush"));
    return remote;
  }

  /** Configures logging to a stream (for tests). */
  public static void configure(String service, String level, String format, OutputStream out) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setOutputStream(out);
    install(service, level, format, appender);
  }

  private static void install(
      String service, String level, String format, OutputStreamAppender<ILoggingEvent> appender) {
    Level parsed = Level.toLevel(level, null);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "logging.level must be TRACE, DEBUG, INFO, WARN or ERROR, got '" + level + "'");
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    appender.setContext(context);
    appender.setName("mercury");
    appender.setEncoder(encoder(context, service, format));
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(parsed);
    root.addAppender(appender);
    Level libraries = parsed.isGreaterOrEqual(Level.WARN) ? parsed : Level.WARN;
    CHATTY.forEach(name -> context.getLogger(name).setLevel(libraries));
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String service, String format) {
    switch (format.toLowerCase(Locale.ROOT)) {
      case "json" -> {
        LogstashEncoder json = new LogstashEncoder();
        json.setContext(context);
        json.setTimeZone("UTC");
        json.setTimestampPattern(TIME_PATTERN);
        json.setCustomFields(
            String.format(
                "{\"%s\":\"%s\",\"%s\":\"%s\",\"%s\":\"%s\"}",
                LogKeys.SERVICE, escape(service), LogKeys.VERSION, escape(MercuryVersion.get()), LogKeys.HOST, escape(host())));
        json.start();
        return json;
      }
      case "console" -> {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(
            CONSOLE_TIME
                + " %-5level "
                + service.replace("%", "%%")
                + " [%X{mercury_id:--} %X{job_id:--} %X{task_id:--}] %logger{20} - %msg%n");
        text.start();
        return text;
      }
      default ->
          throw new IllegalArgumentException("logging.format must be json or console, got '" + format + "'");
    }
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
