package io.mercury.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build-time rewrite of picocli's Java 5 class files (src/build/UpgradeClassFiles.java, run by
 * bin/lib/common.sh before the start-up archive is trained) gives class files the archive takes, and
 * the JVM's verifier accepts every one of them.
 */
class UpgradeClassFilesTest {
  @Test
  void picocliComesOutAsVerifiableJava8ClassFiles(@TempDir Path dir) throws Exception {
    assumeTrue(Runtime.version().feature() >= 24, "the tool needs java.lang.classfile (JDK 24+)");
    Path picocli = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path upgraded = dir.resolve("picocli.jar");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process tool =
        new ProcessBuilder(java.toString(), "src/build/UpgradeClassFiles.java", picocli.toString(), upgraded.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tool.exitValue()).as(output).isZero();
    assertThat(majorVersions(picocli)).as("picocli ships old class files").contains(49);

    List<String> classes = classNames(upgraded);
    assertThat(classes).hasSizeGreaterThan(100).hasSameSizeAs(classNames(picocli));
    assertThat(majorVersions(upgraded)).containsOnly(52);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {upgraded.toUri().toURL()}, null)) {
      for (String name : classes) {
        Class<?> type = Class.forName(name, true, loader);
        assertThat(type.getClassLoader()).isSameAs(loader);
      }
    }
  }

  @Test
  void badArgumentsAreAUsageError() throws Exception {
    assumeTrue(Runtime.version().feature() >= 24, "the tool needs java.lang.classfile (JDK 24+)");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process tool = new ProcessBuilder(java.toString(), "src/build/UpgradeClassFiles.java").redirectErrorStream(true).start();
    String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tool.exitValue()).isEqualTo(2);
    assertThat(output).contains("usage: java UpgradeClassFiles.java IN.jar OUT.jar");
  }

  private static List<String> classNames(Path jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
          names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return names;
  }

  private static List<Integer> majorVersions(Path jar) throws IOException {
    List<Integer> versions = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (String name : classNames(jar)) {
        try (InputStream in = file.getInputStream(file.getEntry(name.replace('.', '/') + ".class"))) {
          DataInputStream data = new DataInputStream(in);
          data.readInt();
          data.readUnsignedShort();
          versions.add(data.readUnsignedShort());
        }
      }
    }
    return versions;
  }
}
