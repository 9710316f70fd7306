package io.mercury.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.zeromq.ZMQ;

/**
 * The jnacl that JeroMQ 0.6.0 ships with, for comparisons: Mercury runs on mercury-nacl, whose classes
 * have jnacl's names, so the original jar ({@code target/jnacl/}, copied there by the pom, never on the
 * classpath) is loaded by a class loader of its own, alone or with JeroMQ and this module's classes.
 */
final class OriginalJnacl {
  private OriginalJnacl() {}

  /** A class loader with jnacl alone (parent: the platform loader, so no mercury-nacl class leaks in). */
  static URLClassLoader alone() {
    return new URLClassLoader(new URL[] {url(jar())}, ClassLoader.getPlatformClassLoader());
  }

  /** A class loader with this module's classes, JeroMQ and jnacl: JeroMQ's CURVE as it shipped. */
  static URLClassLoader withJeromq() {
    return new URLClassLoader(
        new URL[] {url(codeSource(OriginalJnacl.class)), url(codeSource(ZMQ.class)), url(jar())},
        ClassLoader.getPlatformClassLoader());
  }

  /** The jar: {@code -Dmercury.bench.jnacl}, else {@code jnacl/jnacl-*.jar} beside this module's jar. */
  static Path jar() {
    String property = System.getProperty("mercury.bench.jnacl");
    if (property != null) {
      return Path.of(property);
    }
    Path dir = codeSource(OriginalJnacl.class).getParent().resolve("jnacl");
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no jnacl jar in " + dir + " (bin/mercury build copies it)"));
    } catch (IOException e) {
      throw new UncheckedIOException("no " + dir + " (bin/mercury build copies jnacl there)", e);
    }
  }

  /** Where {@code type}'s class file came from (a jar, or a classes directory). */
  static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
