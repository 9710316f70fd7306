package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;

/** Shared handling of a tool a collector depends on. */
final class ToolOutput {
  private ToolOutput() {}

  /** The tool's output, or a CollectorException saying why there is none (missing, failed, timed out). */
  static String require(Sources sources, String... command) throws CollectorException {
    CommandResult r = sources.run(command);
    if (!r.ok()) {
      throw new CollectorException(r.detail());
    }
    return r.stdout();
  }
}
