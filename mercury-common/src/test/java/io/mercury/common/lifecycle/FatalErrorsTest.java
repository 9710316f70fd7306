package io.mercury.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {

  @Test
  void anErrorOnAnyThreadEndsTheDaemonWithStatus70() {
    List<Integer> exits = new ArrayList<>();
    new FatalErrors("mercury-test", exits::add).uncaughtException(new Thread("iothread-2"), new OutOfMemoryError("Cannot reserve 8192 bytes of direct buffer memory"));
    assertThat(exits).containsExactly(70);
  }

  @Test
  void anExceptionIsLoggedAndTheDaemonGoesOn() {
    List<Integer> exits = new ArrayList<>();
    new FatalErrors("mercury-test", exits::add).uncaughtException(new Thread("worker"), new IllegalStateException("one request"));
    assertThat(exits).isEmpty();
  }

  @Test
  void aDaemonProcessWhoseThreadDiesOfAnErrorExitsInsteadOfStayingUpDeaf() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DyingDaemon.class.getName())
        .redirectErrorStream(true)
        .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process exited").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isEqualTo(FatalErrors.EXIT_STATUS);
    assertThat(output).contains("thread iothread-2 died of java.lang.OutOfMemoryError");
  }

  /** A daemon whose I/O thread dies while its main thread waits for a shutdown that never comes. */
  static final class DyingDaemon {
    public static void main(String[] args) throws InterruptedException {
      ServiceRunner runner = new ServiceRunner("mercury-test");
      Thread.ofPlatform().name("iothread-2").start(() -> {
        throw new OutOfMemoryError("Cannot reserve 8192 bytes of direct buffer memory");
      });
      runner.awaitShutdown();
    }
  }
}
