package io.mercury.common.store;

import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.logging.Logging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The embedded store as a process of its own, started by the local stack:
 *
 * <pre>
 * EmbeddedStoreMain --data-dir DIR [--bind 127.0.0.1] [--port 27017] [--port-file FILE]
 *                   [--allow-remote]
 * </pre>
 *
 * The store has no authentication, so it refuses to listen on anything but loopback unless told
 * {@code --allow-remote}. Exits 2 on bad arguments and 1 when it cannot start (file in use, port taken).
 */
public final class EmbeddedStoreMain {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");
  private static final Set<String> FLAGS =
      Set.of("--data-dir", "--bind", "--port", "--port-file");

  private EmbeddedStoreMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    try {
      Logging.configure(
          "mercury-store",
          env.getOrDefault("MERCURY_LOG_LEVEL", "INFO"),
          env.getOrDefault("MERCURY_LOG_FORMAT", "console"));
    } catch (IllegalArgumentException e) {
      fail(2, e.getMessage());
    }
    Map<String, String> opts = new HashMap<>();
    boolean allowRemote = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--allow-remote")) {
        allowRemote = true;
      } else if (FLAGS.contains(args[i]) && i + 1 < args.length) {
        opts.put(args[i], args[++i]);
      } else {
        fail(2, "unknown or incomplete argument '" + args[i] + "'; usage: EmbeddedStoreMain --data-dir DIR"
            + " [--bind 127.0.0.1] [--port 27017] [--port-file FILE] [--allow-remote]");
      }
    }
    if (!opts.containsKey("--data-dir")) {
      fail(2, "--data-dir is required");
    }
    String host = opts.getOrDefault("--bind", "127.0.0.1");
    if (!allowRemote && !LOOPBACK.contains(host)) {
      fail(2, "refusing to listen on " + host + ": the embedded store has no authentication (use --allow-remote to insist)");
    }
    int port = parseInt(opts.getOrDefault("--port", "27017"), "--port");
    ServiceRunner runner = new ServiceRunner("mercury-store");
    try {
      EmbeddedStore store =
          runner.manage(EmbeddedStore.start(Path.of(opts.get("--data-dir"), "mercury.mv.db"), host, port));
      if (opts.containsKey("--port-file")) {
        writeAtomically(Path.of(opts.get("--port-file")), Integer.toString(store.port()));
      }
    } catch (RuntimeException | IOException e) {
      runner.stop();
      fail(1, e.getMessage());
    }
    runner.awaitShutdown();
  }

  private static void writeAtomically(Path target, String content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static int parseInt(String value, String flag) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      fail(2, flag + " must be an integer, got '" + value + "'");
      return -1;
    }
  }

  private static void fail(int code, String message) {
    System.err.println("mercury-store: " + message);
    System.exit(code);
  }
}
