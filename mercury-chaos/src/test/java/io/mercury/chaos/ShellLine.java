package io.mercury.chaos;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one command line as an operator types it: {@code bash -c LINE} in the checkout, stdin from
 * {@code /dev/null}, stdout and stderr together in a file (a file, not a pipe, so a daemon a command
 * leaves behind cannot hold the test up by keeping a pipe open).
 */
final class ShellLine {
  private ShellLine() {}

  /**
   * What a line did.
   *
   * @param exitCode its exit code; meaningless when {@code stillRunning}
   * @param stillRunning whether it was still running at its time limit (and was killed)
   * @param lines stdout and stderr, interleaved as written
   * @param took how long it ran
   */
  record Outcome(int exitCode, boolean stillRunning, List<String> lines, Duration took) {
    boolean anyLineMatches(Pattern pattern) {
      return lines.stream().anyMatch(l -> pattern.matcher(l).find());
    }

    long count(Pattern pattern) {
      return lines.stream().filter(l -> pattern.matcher(l).find()).count();
    }

    String tail(int n) {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    String describe() {
      return stillRunning ? "still running after " + took.toSeconds() + " s (killed)" : "exit " + exitCode;
    }
  }

  /**
   * Runs {@code command} and waits up to {@code limit}; a line still running then is killed with every
   * process it started (a follow never ends by itself).
   */
  static Outcome run(String command, Path directory, Map<String, String> env, Duration limit, Path output) {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    long start = System.nanoTime();
    try {
      Process process = builder.start();
      boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        killTree(process.toHandle());
        process.waitFor();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // decoded leniently: a command may print bytes that are not UTF-8
      List<String> lines = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).lines().toList();
      return new Outcome(process.exitValue(), !ended, lines, took);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run: " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running: " + command, e);
    }
  }

  /** Lists the descendants before killing bash: once it is gone they are re-parented and out of reach. */
  private static void killTree(ProcessHandle process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
