package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.CommandRunner;
import io.mercury.inspector.source.SystemRoot;
import java.time.Duration;
import java.util.List;

/**
 * What collectors read: files under a root and external tools, with one time limit for tools.
 *
 * @param root the machine's files
 * @param commands the tool runner
 * @param toolTimeout how long any tool may run
 * @param lldp how LLDP neighbours are found
 */
public record Sources(SystemRoot root, CommandRunner commands, Duration toolTimeout, LldpOptions lldp) {
  public Sources(SystemRoot root, CommandRunner commands, Duration toolTimeout) {
    this(root, commands, toolTimeout, LldpOptions.DEFAULT);
  }

  public CommandResult run(String... command) {
    return commands.run(List.of(command), toolTimeout);
  }
}
