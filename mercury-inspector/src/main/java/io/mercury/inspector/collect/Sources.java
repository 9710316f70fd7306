package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.CommandRunner;
import io.mercury.inspector.source.SystemRoot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What collectors read: files under a root and external tools, with one time limit for tools.
 *
 * @param root the machine's files
 * @param commands the tool runner
 * @param toolTimeout how long any tool may run
 * @param lldpSocket the lldpd control socket when not the default one
 */
public record Sources(SystemRoot root, CommandRunner commands, Duration toolTimeout, Optional<String> lldpSocket) {
  public Sources(SystemRoot root, CommandRunner commands, Duration toolTimeout) {
    this(root, commands, toolTimeout, Optional.empty());
  }

  public CommandResult run(String... command) {
    return commands.run(List.of(command), toolTimeout);
  }
}
