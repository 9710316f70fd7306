package io.mercury.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of {@code mcli}: {@link StderrLogger}s on standard error. {@link Mcli#main} names
 * it in the {@code slf4j.provider} system property, so SLF4J neither looks for providers nor starts
 * logback (whose configuration, made for the daemons, costs tens of milliseconds at each start).
 * Tests and the daemons, which do not go through {@code main}, keep logback.
 */
public final class StderrLoggerProvider implements SLF4JServiceProvider {
  private static final String PROGRAM = "mcli";

  private final Map<String, StderrLogger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory =
      name -> loggers.computeIfAbsent(name, n -> new StderrLogger(n, PROGRAM, System.err));
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** Makes SLF4J use this provider, quietly; to be called before anything logs. */
  public static void install() {
    System.setProperty("slf4j.provider", StderrLoggerProvider.class.getName());
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // nothing to set up
  }
}
