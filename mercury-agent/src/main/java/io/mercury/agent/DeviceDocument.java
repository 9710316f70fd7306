package io.mercury.agent;

import io.mercury.common.id.MercuryIdException;
import io.mercury.inspector.Inspector;
import io.mercury.inspector.collect.Sources;
import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.CommandRunner;
import io.mercury.inspector.source.ProcessCommandRunner;
import io.mercury.inspector.source.SystemRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * This device's inventory document: inspected once at start, re-inspected on demand. Safe to use from
 * any thread; {@link #current()} is the latest complete inspection.
 */
public final class DeviceDocument {
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

  private final Inspector inspector;
  private final SystemRoot root;
  private volatile Map<String, Object> current;

  private DeviceDocument(Inspector inspector, SystemRoot root, Map<String, Object> first) {
    this.inspector = inspector;
    this.root = root;
    this.current = first;
  }

  /**
   * Inspects the tree at {@code root}. Tools are run only when it is {@code /}: against another machine's
   * captured tree their keys are null, as with {@code inspect --root}.
   *
   * @throws IllegalStateException when the machine cannot be identified (no DMI, no MAC address)
   */
  public static DeviceDocument inspect(Path root) {
    SystemRoot systemRoot = new SystemRoot(root);
    Inspector inspector =
        new Inspector(new Sources(systemRoot, toolsFor(root), TOOL_TIMEOUT), Inspector.standardCollectors());
    return new DeviceDocument(inspector, systemRoot, run(inspector, root));
  }

  public Map<String, Object> current() {
    return current;
  }

  public String mercuryId() {
    return (String) current.get("mercury_id");
  }

  /** The tree inspected, for capabilities that read it themselves (e.g. check_hardware). */
  public SystemRoot root() {
    return root;
  }

  /** Inspects again and makes the result current. */
  public Map<String, Object> reinspect() {
    Map<String, Object> next = run(inspector, Path.of(root.toString()));
    current = next;
    return next;
  }

  private static Map<String, Object> run(Inspector inspector, Path root) {
    try {
      return Objects.requireNonNull(inspector.inspect(), "inspection returned nothing");
    } catch (MercuryIdException e) {
      throw new IllegalStateException(
          "cannot identify the machine at " + root + ": no DMI identifiers and no MAC address (" + e.getMessage() + ")", e);
    }
  }

  private static CommandRunner toolsFor(Path root) {
    if (root.toAbsolutePath().normalize().equals(Path.of("/"))) {
      return new ProcessCommandRunner();
    }
    return (command, timeout) ->
        new CommandResult(
            CommandResult.Outcome.MISSING, -1, "", command.get(0) + " is not run against inspect root " + root);
  }
}
