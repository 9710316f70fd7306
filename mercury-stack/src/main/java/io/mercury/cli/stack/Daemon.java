package io.mercury.cli.stack;

import io.mercury.common.lifecycle.DaemonJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One daemon of the local stack: a JVM process started detached from {@code mercury up} (its own
 * session, output to its log file), found again through its pid file. A pid is only trusted while the
 * process it names still runs our main class, so a reused pid is never mistaken for a daemon.
 *
 * @param name service name, e.g. {@code inventory}
 * @param module the module whose classpath runs it
 * @param mainClass its main class
 */
record Daemon(String name, String module, String mainClass) {
  static final Daemon STORE = new Daemon("store", "mercury-store-embedded", "io.mercury.common.store.EmbeddedStoreMain");
  static final Daemon LOG = new Daemon("log", "mercury-log", "io.mercury.log.LogMain");
  static final Daemon INVENTORY = new Daemon("inventory", "mercury-inventory", "io.mercury.inventory.InventoryMain");
  static final Daemon RPC = new Daemon("rpc", "mercury-rpc", "io.mercury.rpc.frontend.FrontendMain");
  static final Daemon BACKEND = new Daemon("backend", "mercury-rpc", "io.mercury.rpc.backend.BackendMain");
  static final Daemon AGENT = new Daemon("agent", "mercury-agent", "io.mercury.agent.AgentMain");
  static final Daemon BOOT = new Daemon("boot", "mercury-boot", "io.mercury.boot.BootMain");
  static final Daemon API = new Daemon("api", "mercury-api", "io.mercury.api.ApiMain");
  static final List<Daemon> ALL = List.of(STORE, LOG, INVENTORY, RPC, BACKEND, AGENT, BOOT, API);

  /** Whether the daemon speaks HTTP (probed over HTTP) rather than ZeroMQ. */
  boolean http() {
    return this.equals(BOOT) || this.equals(API);
  }

  /** The running process, if the pid file names a live process of this daemon. */
  Optional<ProcessHandle> running(StackLayout layout) {
    Path pidFile = layout.pidFile(name);
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains(mainClass)).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Starts the daemon detached; returns its pid. */
  long start(StackLayout layout, List<String> args) {
    return start(layout, args, java.util.Map.of());
  }

  /** As {@link #start(StackLayout, List)} with {@code env} added to the daemon's environment. */
  long start(StackLayout layout, List<String> args, java.util.Map<String, String> env) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(layout.java().toString());
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(DaemonJvm.flags(name, System.getenv()));
    command.add("-Dmercury.service=mercury-" + name);
    command.add("-cp");
    command.add(layout.classpath(module));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(name).toFile()));
    builder.environment().put("MERCURY_LOG_FORMAT", "json");
    builder.environment().putAll(DaemonJvm.environment());
    builder.environment().putAll(env);
    try {
      long pid = builder.start().pid();
      write(layout.pidFile(name), Long.toString(pid));
      return pid;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  static void write(Path file, String content) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static Optional<String> read(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
