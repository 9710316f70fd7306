package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/mercury finds a JDK 21 or newer by itself, or says clearly that there is none. */
class LauncherJdkTest {
  @TempDir Path jvms;

  private final Path root = Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();

  private void fakeJdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(jvms.resolve(name).resolve("bin"));
    Path java = home.resolve("java");
    Files.writeString(java, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(jvms.resolve(name).resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
  }

  private record Run(int code, String output) {}

  private Run launcher(String javaHome) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/mercury").toString(), "env").redirectErrorStream(true);
    pb.environment().put("MERCURY_JVM_DIR", jvms.toString());
    if (javaHome == null) {
      pb.environment().remove("JAVA_HOME");
    } else {
      pb.environment().put("JAVA_HOME", javaHome);
    }
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void theNewestJdkOfAtLeast21IsChosen() throws Exception {
    fakeJdk("java-17-openjdk-amd64", "17.0.15");
    fakeJdk("temurin-21-jdk-amd64", "21.0.5");
    fakeJdk("temurin-25-jdk-amd64", "25.0.3");
    Run run = launcher(null);
    assertThat(run.code()).isZero();
    assertThat(run.output()).contains("JAVA_HOME=" + jvms.resolve("temurin-25-jdk-amd64"));
  }

  @Test
  void aSuitableJavaHomeWinsAndAnOldOneIsPassedOver() throws Exception {
    fakeJdk("temurin-21-jdk-amd64", "21.0.5");
    fakeJdk("temurin-25-jdk-amd64", "25.0.3");
    fakeJdk("java-17-openjdk-amd64", "17.0.15");
    assertThat(launcher(jvms.resolve("temurin-21-jdk-amd64").toString()).output())
        .contains("JAVA_HOME=" + jvms.resolve("temurin-21-jdk-amd64"));
    assertThat(launcher(jvms.resolve("java-17-openjdk-amd64").toString()).output())
        .contains("JAVA_HOME=" + jvms.resolve("temurin-25-jdk-amd64"));
  }

  @Test
  void withoutAJdk21TheLauncherStopsAndSaysWhatItFound() throws Exception {
    fakeJdk("java-17-openjdk-amd64", "17.0.15");
    Run run = launcher(null);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.output())
        .contains("Mercury needs a JDK 21 or newer; found: " + jvms.resolve("java-17-openjdk-amd64") + " (17).")
        .contains("set JAVA_HOME");
  }
}
