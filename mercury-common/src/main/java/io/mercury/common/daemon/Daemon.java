package io.mercury.common.daemon;

import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.logging.Logging;

/**
 * One Mercury daemon as {@link DaemonLauncher} runs it: its options, the typed configuration record read
 * from them, and how it starts. It stops by closing, in reverse order, what {@link #start} registered
 * with the {@link ServiceRunner}.
 *
 * @param <C> the daemon's configuration record
 */
public interface Daemon<C> {
  /** The service name, e.g. {@code mercury-inventory}: prefix of its error lines and name of its logger. */
  String name();

  /** What follows {@code Usage: } in {@code --help}, e.g. {@code mercury-inventory [-c FILE] [OPTIONS]}. */
  String usage();

  /** The options the daemon declares. */
  ConfigSpec spec();

  /**
   * Reads and checks the configuration record, once. An exception here is a configuration error: the
   * launcher prints it and exits 2.
   *
   * @throws io.mercury.common.config.ConfigException or IllegalArgumentException on a bad option
   */
  C configuration(Configuration cfg);

  /** Sets up logging; by default {@code logging.*} of {@code cfg}. A failure is a configuration error. */
  default void configureLogging(C config, Configuration cfg) {
    Logging.configure(name(), cfg);
  }

  /**
   * Starts the daemon, registering every resource with {@code runner} in start order (they are closed
   * in reverse order on shutdown). A failure ends the process with exit 1.
   */
  void start(C config, ServiceRunner runner);
}
