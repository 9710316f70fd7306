package io.mercury.inspector.testing;

import io.mercury.inspector.collect.Sources;
import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.CommandRunner;
import io.mercury.inspector.source.SystemRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The captured machines under {@code src/test/resources/fixtures} (read in place, so sysfs symlinks stay
 * links). A tool's output is {@code commands/<command line with / and spaces as _>.out}; a {@code .exit}
 * file makes it fail with that code; no file means the tool is not installed.
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path root(String machine) {
    return Path.of(System.getProperty("mercury.test.root", ".."))
        .resolve("mercury-inspector/src/test/resources/fixtures")
        .resolve(machine)
        .toAbsolutePath()
        .normalize();
  }

  public static Sources sources(String machine) {
    Path root = root(machine);
    return new Sources(new SystemRoot(root), new FixtureCommands(root.resolve("commands")), Duration.ofSeconds(5));
  }

  /** Tool outputs read from files. */
  public record FixtureCommands(Path dir) implements CommandRunner {
    @Override
    public CommandResult run(List<String> command, Duration timeout) {
      String name = String.join("_", command).replace('/', '_');
      try {
        Path exit = dir.resolve(name + ".exit");
        if (Files.exists(exit)) {
          int code = Integer.parseInt(Files.readString(exit).strip());
          return new CommandResult(CommandResult.Outcome.FAILED, code, "", command.get(0) + " exited with " + code);
        }
        Path out = dir.resolve(name + ".out");
        if (Files.exists(out)) {
          return new CommandResult(CommandResult.Outcome.OK, 0, Files.readString(out), "");
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return new CommandResult(CommandResult.Outcome.MISSING, -1, "", command.get(0) + " is not installed");
    }
  }
}
