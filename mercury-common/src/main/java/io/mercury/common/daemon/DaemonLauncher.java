package io.mercury.common.daemon;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.Configuration;
import io.mercury.common.lifecycle.ServiceRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every daemon's {@code main} does: {@code --help} prints the option table; otherwise the options
 * are read (flags, {@code -c FILE} or the searched YAML file, environment, {@code /proc/cmdline}) into the
 * daemon's configuration record and logging is set up, where any problem is printed as {@code
 * <name>: <message>} on standard error with exit status 2; the effective configuration is logged; the
 * daemon starts under a {@link ServiceRunner} (a failure is logged and exits 1) and runs until SIGTERM or
 * SIGINT.
 *
 * <p>Nothing is printed on standard output once the daemon runs: the local stack ({@code
 * cli/stack/DaemonLauncher}) counts a daemon as started when it answers its probe.
 */
public final class DaemonLauncher {
  private static final Logger log = LoggerFactory.getLogger(DaemonLauncher.class);

  private DaemonLauncher() {}

  /** Runs {@code daemon} with the process's arguments and environment until it is asked to stop. */
  public static <C> void launch(Daemon<C> daemon, String[] args) throws InterruptedException {
    int status = run(daemon, args, System.getenv(), Path.of("/proc/cmdline"), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs {@code daemon} until it is asked to stop; returns the exit status: 0 (help printed, or stopped),
   * 2 for a configuration error, 1 when it failed to start.
   */
  static <C> int run(
      Daemon<C> daemon,
      String[] args,
      Map<String, String> env,
      Path procCmdline,
      PrintStream out,
      PrintStream err)
      throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      out.println("Usage: " + daemon.usage() + "\n\n" + daemon.spec().markdownTable());
      return 0;
    }
    Configuration cfg;
    C config;
    try {
      cfg = ConfigLoader.load(daemon.spec(), args, env, procCmdline);
      config = daemon.configuration(cfg);
      daemon.configureLogging(config, cfg);
    } catch (ConfigException | IllegalArgumentException e) {
      err.println(daemon.name() + ": " + e.getMessage());
      return 2;
    }
    log.info("{}", cfg.describe());
    ServiceRunner runner = new ServiceRunner(daemon.name());
    try {
      daemon.start(config, runner);
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", daemon.name(), e.getMessage(), e);
      runner.stop();
      return 1;
    }
    runner.awaitShutdown();
    return 0;
  }
}
