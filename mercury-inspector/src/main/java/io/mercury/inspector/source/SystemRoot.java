package io.mercury.inspector.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's files seen from a root directory: {@code /} on a server, a captured tree of another
 * machine's sysfs and procfs in tests. Paths are given as on the machine ({@code /proc/meminfo}).
 */
public final class SystemRoot {
  private final Path root;

  public SystemRoot(Path root) {
    this.root = root;
  }

  public static SystemRoot live() {
    return new SystemRoot(Path.of("/"));
  }

  /** The path of a machine path under this root. */
  public Path resolve(String machinePath) {
    return root.resolve(machinePath.startsWith("/") ? machinePath.substring(1) : machinePath);
  }

  /**
   * The whole file, or empty when it is missing or unreadable (no permission, a directory). Bytes that
   * are not UTF-8 (a firmware string in Latin-1) become U+FFFD instead of losing the whole value.
   */
  public Optional<String> read(String machinePath) {
    try {
      return Optional.of(new String(Files.readAllBytes(resolve(machinePath)), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The file's content stripped of surrounding whitespace (as sysfs attributes are read). */
  public Optional<String> readTrimmed(String machinePath) {
    return read(machinePath).map(String::strip);
  }

  /** The names in a directory, sorted; empty when it does not exist. */
  public List<String> list(String machinePath) {
    try (Stream<Path> entries = Files.list(resolve(machinePath))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  public boolean isDirectory(String machinePath) {
    return Files.isDirectory(resolve(machinePath));
  }

  public boolean isRegularFile(String machinePath) {
    return Files.isRegularFile(resolve(machinePath));
  }

  /** The last name of the path a link (or a chain of links) leads to, e.g. a driver's name. */
  public Optional<String> linkTargetName(String machinePath) {
    try {
      Path link = resolve(machinePath);
      if (!Files.isSymbolicLink(link)) {
        return Optional.empty();
      }
      return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
