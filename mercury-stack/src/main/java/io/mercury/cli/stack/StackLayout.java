package io.mercury.cli.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Where the local stack keeps its files: {@code $MERCURY_HOME} (default {@code var/} in the checkout)
 * with {@code data/}, {@code logs/} and {@code run/} (pid and address files).
 *
 * @param root the checkout, where the module jars are
 * @param home the state directory
 * @param java the java binary that runs the daemons
 */
public record StackLayout(Path root, Path home, Path java) {
  public static StackLayout from(Map<String, String> env) {
    Path root = Path.of(System.getProperty("mercury.root", ".")).toAbsolutePath().normalize();
    String home = env.get("MERCURY_HOME");
    Path java =
        Path.of(System.getProperty("mercury.java", ProcessHandle.current().info().command().orElse("java")));
    return new StackLayout(root, home == null || home.isBlank() ? root.resolve("var") : Path.of(home).toAbsolutePath(), java);
  }

  public Path data() {
    return home.resolve("data");
  }

  public Path logs() {
    return home.resolve("logs");
  }

  public Path run() {
    return home.resolve("run");
  }

  public Path log(String service) {
    return logs().resolve(service + ".log");
  }

  public Path pidFile(String service) {
    return run().resolve(service + ".pid");
  }

  public Path addressFile(String service) {
    return run().resolve(service + ".address");
  }

  /** The fleet loaded into an empty inventory until agents exist. */
  public Path sampleFleet() {
    return root.resolve("docs/examples/fleet");
  }

  void createDirectories() {
    try {
      Files.createDirectories(data());
      Files.createDirectories(logs());
      Files.createDirectories(run());
      // the store's files hold the key allow-list, jobs and the audit trail: the owner's only
      for (Path dir : List.of(home, data(), logs(), run())) {
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + home, e);
    }
  }

  /** The runtime classpath of a module: its jar and {@code target/lib}. */
  String classpath(String module) {
    Path target = root.resolve(module).resolve("target");
    try (var files = Files.list(target)) {
      Path jar =
          files
              .filter(p -> p.getFileName().toString().matches(module + "-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target + "; run bin/mercury build"));
      return jar + File.pathSeparator + target.resolve("lib") + "/*";
    } catch (IOException e) {
      throw new IllegalStateException(module + " is not built (" + target + "); run bin/mercury build", e);
    }
  }
}
