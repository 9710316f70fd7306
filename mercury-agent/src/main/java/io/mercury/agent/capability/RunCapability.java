package io.mercury.agent.capability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code run(command, _input=None, timeout=None)}: runs a command without a shell (a string is split
 * shell-style) and returns {@code {stdout, stderr, returncode}}. {@code _input} is written to its standard
 * input; {@code timeout} (seconds) kills it, and the task fails, when it runs longer.
 */
public final class RunCapability implements Capability {
  private static final CapabilityDescriptor DESCRIPTOR =
      CapabilityDescriptor.of("run", "Run a shell command", "COMMAND [ARG...]")
          .withNumArgs(1)
          .withDoc(
              "The command is a list of strings, or a string split as a shell would (no shell runs it: no"
                  + " pipes, globs or variables). Optional kwargs: _input (text for standard input), timeout"
                  + " (seconds). Returns {stdout, stderr, returncode}.");

  @Override
  public CapabilityDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception {
    List<String> argv = Commands.argv(args.get(0));
    Object input = kwargs.get("_input");
    if (input != null && !(input instanceof String)) {
      throw new IllegalArgumentException("_input must be a string, got " + input);
    }
    Object timeout = kwargs.get("timeout");
    if (timeout != null && !(timeout instanceof Number n && n.doubleValue() > 0)) {
      throw new IllegalArgumentException("timeout must be a positive number of seconds, got " + timeout);
    }
    Duration limit = timeout == null ? null : Duration.ofMillis(Math.round(((Number) timeout).doubleValue() * 1000));
    return Commands.run(argv, (String) input, limit);
  }
}
