package io.mercury.common.arch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A module's runtime class path as Maven resolved it: {@code target/runtime-classpath.txt}, written by
 * the module's {@code dependency:build-classpath} execution (runtime scope, so test dependencies are not
 * in it) before its tests run. Lets a module's ArchitectureTest say what must never be on it.
 */
public final class RuntimeClassPath {
  /** The MongoDB driver and bson, the embedded store and what it runs on (H2, netty), and Mercury's store modules. */
  public static final Pattern DATABASE =
      Pattern.compile("mongodb-driver.*|bson.*|mongo-java-server.*|h2-.*|netty-.*|mercury-store.*");

  private RuntimeClassPath() {}

  /** The entries of this module's runtime class path. */
  public static List<Path> entries() throws IOException {
    Path file = Path.of("target", "runtime-classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new AssertionError(file.toAbsolutePath() + " is missing: the module's dependency:build-classpath execution writes it (run the test through Maven)");
    }
    String text = Files.readString(file).trim();
    return text.isEmpty() ? List.of() : Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList();
  }

  /**
   * The entries named like {@code pattern}: a jar by its file name, a sibling module's classes
   * directory ({@code <module>/target/classes}) by its module's name.
   */
  public static List<Path> matching(Pattern pattern) throws IOException {
    return entries().stream().filter(p -> pattern.matcher(name(p)).matches()).toList();
  }

  private static String name(Path entry) {
    if (entry.endsWith(Path.of("target", "classes")) && entry.getNameCount() >= 3) {
      return entry.getName(entry.getNameCount() - 3).toString();
    }
    return entry.getFileName().toString();
  }
}
