package io.mercury.inspector.source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs tools found on {@code PATH} (and the sbin directories, where root's tools live). Output is read on
 * virtual threads, so a tool that fills its pipe cannot block and no shared pool is tied up. On timeout
 * the tool and everything it started are killed.
 */
public final class ProcessCommandRunner implements CommandRunner {
  private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
  /** How long to wait for the pipes to drain once the tool has exited or been killed. */
  private static final Duration DRAIN = Duration.ofSeconds(2);

  @Override
  public CommandResult run(List<String> command, Duration timeout) {
    String name = command.get(0);
    Optional<Path> tool = find(name);
    if (tool.isEmpty()) {
      return new CommandResult(CommandResult.Outcome.MISSING, -1, "", name + " is not installed");
    }
    List<String> argv = new ArrayList<>(command);
    argv.set(0, tool.get().toString());
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      return new CommandResult(CommandResult.Outcome.FAILED, -1, "", "cannot run " + name + ": " + e.getMessage());
    }
    FutureTask<String> stdout = drain(process.getInputStream());
    FutureTask<String> stderr = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        return new CommandResult(
            CommandResult.Outcome.TIMED_OUT, -1, "", name + " did not finish within " + timeout.toMillis() + " ms");
      }
      String out = stdout.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
      int code = process.exitValue();
      if (code == 0) {
        return new CommandResult(CommandResult.Outcome.OK, 0, out, "");
      }
      String why = firstLine(stderr.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS));
      return new CommandResult(
          CommandResult.Outcome.FAILED, code, out, name + " exited with " + code + (why.isEmpty() ? "" : ": " + why));
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return new CommandResult(CommandResult.Outcome.FAILED, -1, "", name + ": interrupted");
    } catch (ExecutionException | TimeoutException e) {
      // exited, but something it started still holds the pipe open
      kill(process);
      return new CommandResult(CommandResult.Outcome.FAILED, -1, "", name + ": output not closed after exit");
    }
  }

  private static FutureTask<String> drain(InputStream in) {
    FutureTask<String> task =
        new FutureTask<>(
            () -> {
              try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              }
            });
    Thread.ofVirtual().name("command-output").start(task);
    return task;
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse("");
  }

  private static Optional<Path> find(String name) {
    if (name.contains("/")) {
      return Files.isExecutable(Path.of(name)) ? Optional.of(Path.of(name)) : Optional.empty();
    }
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(EXTRA_DIRS);
    return dirs.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }
}
