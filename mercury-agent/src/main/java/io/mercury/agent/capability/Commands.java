package io.mercury.agent.capability;

import io.mercury.common.command.ShellWords;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command for a capability, without a shell: its output is collected on virtual threads, and on
 * timeout or interruption the process and everything it started are killed.
 */
public final class Commands {
  private Commands() {}

  /** A command argument as the original took it: a list of strings, or one string split shell-style. */
  public static List<String> argv(Object command) {
    List<String> argv;
    if (command instanceof String s) {
      argv = ShellWords.splitCommand(s);
    } else if (command instanceof List<?> l && l.stream().allMatch(w -> w instanceof String)) {
      argv = l.stream().map(String.class::cast).toList();
    } else {
      throw new IllegalArgumentException("command must be a string or a list of strings, got " + command);
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("command is empty");
    }
    return argv;
  }

  /**
   * Runs {@code argv} to completion and returns {@code {stdout, stderr, returncode}}.
   *
   * @param input text for standard input, or null for none
   * @param timeout how long it may run, or null for no limit
   * @throws IOException when the program cannot be started (e.g. not found)
   * @throws TimeoutException when it outlived {@code timeout} (it was killed)
   * @throws InterruptedException when the task was interrupted (it was killed)
   */
  public static Map<String, Object> run(List<String> argv, String input, Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    Process process = start(argv, input == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null")) : ProcessBuilder.Redirect.PIPE);
    try {
      FutureTask<String> stdout = drain(process.getInputStream());
      FutureTask<String> stderr = drain(process.getErrorStream());
      if (input != null) {
        feed(process.getOutputStream(), input);
      }
      boolean done = timeout == null ? waitFor(process) : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        killTree(process);
        throw new TimeoutException(argv.get(0) + " did not finish within " + timeout.toMillis() / 1000.0 + " s; killed");
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("stdout", get(stdout));
      result.put("stderr", get(stderr));
      result.put("returncode", (long) process.exitValue());
      return result;
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
  }

  /** Starts {@code argv} in the background with its output discarded; returns its pid. */
  public static long startDetached(List<String> argv) throws IOException {
    return start(argv, ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).pid();
  }

  private static Process start(List<String> argv, ProcessBuilder.Redirect stdin) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(stdin);
    try {
      return builder.start();
    } catch (IOException e) {
      // the reason says it all; the JDK's message repeats itself through its causes
      throw new IOException("cannot run " + argv.get(0) + ": " + reason(e));
    }
  }

  private static String reason(IOException e) {
    String m = String.valueOf(e.getMessage());
    if (m.matches("(?s).*error[=:] ?2\\b.*")) {
      return "no such program (not found on PATH)";
    }
    if (m.matches("(?s).*error[=:] ?13\\b.*")) {
      return "permission denied";
    }
    return m;
  }

  private static boolean waitFor(Process p) throws InterruptedException {
    p.waitFor();
    return true;
  }

  private static void feed(OutputStream stdin, String input) {
    Thread.ofVirtual().name("command-input").start(() -> {
      try (stdin) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the program closed its input early; what it read is what it gets
      }
    });
  }

  private static FutureTask<String> drain(InputStream in) {
    FutureTask<String> task = new FutureTask<>(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    });
    Thread.ofVirtual().name("command-output").start(task);
    return task;
  }

  private static String get(FutureTask<String> output) throws InterruptedException, IOException {
    try {
      return output.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException("cannot read the command's output: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the command exited but something it started still holds its output open");
    }
  }

  /** Whether a program of that name is on PATH (or in the sbin directories, where root's tools live). */
  public static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/sbin:/sbin";
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /** Kills the process and its descendants (collected first, so none is re-parented and missed). */
  public static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
