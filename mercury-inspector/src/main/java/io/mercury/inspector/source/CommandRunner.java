package io.mercury.inspector.source;

import java.time.Duration;
import java.util.List;

/** Runs an external tool with a time limit. Never throws for a tool that is missing or fails. */
public interface CommandRunner {
  CommandResult run(List<String> command, Duration timeout);
}
