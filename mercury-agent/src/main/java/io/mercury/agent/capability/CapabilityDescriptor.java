package io.mercury.agent.capability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a capability publishes at registration and how the agent validates a call to it (docs/protocol.md, "Agent").
 *
 * @param name the method name callers use, e.g. {@code run}
 * @param description one line for people
 * @param doc longer help, or null
 * @param serial whether it needs the agent's one serial lock (at most one serial task at a time)
 * @param numArgs the exact number of positional arguments required, or null for any
 * @param kwargNames keyword arguments that must be present, or null for none
 * @param noReturn whether it never returns (informational, e.g. kexec)
 * @param timeoutSeconds how long a call may run when the request gives no timeout; 0 or less: no limit
 * @param taskIdKwargs whether {@code task_id} is added to its kwargs
 * @param arguments a short human signature, e.g. {@code "COMMAND [ARG...]"}
 */
public record CapabilityDescriptor(
    String name,
    String description,
    String doc,
    boolean serial,
    Integer numArgs,
    List<String> kwargNames,
    boolean noReturn,
    double timeoutSeconds,
    boolean taskIdKwargs,
    String arguments) {

  /** The original's default capability timeout, 30 minutes. */
  public static final double DEFAULT_TIMEOUT_SECONDS = 1800;

  public CapabilityDescriptor {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(description, "description is null");
    Objects.requireNonNull(arguments, "arguments is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("capability name is blank");
    }
    if (numArgs != null && numArgs < 0) {
      throw new IllegalArgumentException("numArgs must not be negative, was " + numArgs);
    }
    kwargNames = kwargNames == null ? null : List.copyOf(kwargNames);
  }

  /** A descriptor with the original's defaults: not serial, any arguments, 1800 s. */
  public static CapabilityDescriptor of(String name, String description, String arguments) {
    return new CapabilityDescriptor(
        name, description, null, false, null, null, false, DEFAULT_TIMEOUT_SECONDS, false, arguments);
  }

  public CapabilityDescriptor withDoc(String doc) {
    return new CapabilityDescriptor(
        name, description, doc, serial, numArgs, kwargNames, noReturn, timeoutSeconds, taskIdKwargs, arguments);
  }

  public CapabilityDescriptor withSerial(boolean serial) {
    return new CapabilityDescriptor(
        name, description, doc, serial, numArgs, kwargNames, noReturn, timeoutSeconds, taskIdKwargs, arguments);
  }

  public CapabilityDescriptor withNumArgs(Integer numArgs) {
    return new CapabilityDescriptor(
        name, description, doc, serial, numArgs, kwargNames, noReturn, timeoutSeconds, taskIdKwargs, arguments);
  }

  public CapabilityDescriptor withKwargNames(List<String> kwargNames) {
    return new CapabilityDescriptor(
        name, description, doc, serial, numArgs, kwargNames, noReturn, timeoutSeconds, taskIdKwargs, arguments);
  }

  public CapabilityDescriptor withNoReturn(boolean noReturn) {
    return new CapabilityDescriptor(
        name, description, doc, serial, numArgs, kwargNames, noReturn, timeoutSeconds, taskIdKwargs, arguments);
  }

  public CapabilityDescriptor withTimeoutSeconds(double timeoutSeconds) {
    return new CapabilityDescriptor(
        name, description, doc, serial, numArgs, kwargNames, noReturn, timeoutSeconds, taskIdKwargs, arguments);
  }

  public CapabilityDescriptor withTaskIdKwargs(boolean taskIdKwargs) {
    return new CapabilityDescriptor(
        name, description, doc, serial, numArgs, kwargNames, noReturn, timeoutSeconds, taskIdKwargs, arguments);
  }

  /**
   * The published form with the original's keys ({@code name, entry, description, doc, serial, num_args,
   * kwarg_names, no_return, timeout, task_id_kwargs}) plus {@code arguments}.
   *
   * @param entry what implements it (the original gave the Python function name)
   */
  public Map<String, Object> toWire(String entry) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("name", name);
    wire.put("entry", entry);
    wire.put("description", description);
    wire.put("doc", doc);
    wire.put("serial", serial);
    wire.put("num_args", numArgs);
    wire.put("kwarg_names", kwargNames);
    wire.put("no_return", noReturn);
    wire.put("timeout", timeoutSeconds);
    wire.put("task_id_kwargs", taskIdKwargs);
    wire.put("arguments", arguments);
    return wire;
  }
}
