package io.mercury.inspector.source;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs tools found on {@code PATH} (and the sbin directories, where root's tools live). */
public final class ProcessCommandRunner implements CommandRunner {
  private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  @Override
  public CommandResult run(List<String> command, Duration timeout) {
    Optional<Path> tool = find(command.get(0));
    if (tool.isEmpty()) {
      return new CommandResult(CommandResult.Outcome.MISSING, -1, "", command.get(0) + " is not installed");
    }
    List<String> argv = new java.util.ArrayList<>(command);
    argv.set(0, tool.get().toString());
    Process process;
    try {
      process =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return new CommandResult(CommandResult.Outcome.FAILED, -1, "", "cannot run " + command.get(0) + ": " + e.getMessage());
    }
    CompletableFuture<String> stdout =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new CommandResult(
            CommandResult.Outcome.TIMED_OUT, -1, "", command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
      }
      String out = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      int code = process.exitValue();
      return code == 0
          ? new CommandResult(CommandResult.Outcome.OK, 0, out, "")
          : new CommandResult(CommandResult.Outcome.FAILED, code, out, command.get(0) + " exited with " + code);
    } catch (Exception e) {
      process.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new CommandResult(CommandResult.Outcome.FAILED, -1, "", command.get(0) + ": " + e.getMessage());
    }
  }

  private static Optional<Path> find(String name) {
    if (name.contains("/")) {
      return Files.isExecutable(Path.of(name)) ? Optional.of(Path.of(name)) : Optional.empty();
    }
    List<String> dirs = new java.util.ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(EXTRA_DIRS);
    return dirs.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }
}
