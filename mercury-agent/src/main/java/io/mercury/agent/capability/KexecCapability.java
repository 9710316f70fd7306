package io.mercury.agent.capability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kexec(kernel=, initrd=, options=[...], kernel_type='bzImage')}: loads a kernel with {@code kexec
 * -l} (a load failure fails the task) and executes it five seconds later.
 */
public final class KexecCapability implements Capability {
  private static final CapabilityDescriptor DESCRIPTOR =
      CapabilityDescriptor.of("kexec", "Boot a new kernel with kexec", "kernel=PATH initrd=PATH options=[ARG...]")
          .withKwargNames(List.of("kernel", "initrd", "options"))
          .withSerial(true)
          .withNoReturn(true)
          .withDoc("kernel and initrd are local paths; options are the kernel command line words; kernel_type defaults to bzImage.");

  @Override
  public CapabilityDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public boolean isAvailable() {
    return Commands.onPath("kexec");
  }

  @Override
  public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception {
    String kernel = requireText(kwargs, "kernel");
    String initrd = requireText(kwargs, "initrd");
    List<String> options = requireWords(kwargs.get("options"));
    Object type = kwargs.getOrDefault("kernel_type", "bzImage");
    if (!(type instanceof String t) || !t.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("kernel_type must be a kexec type name such as bzImage, got " + type);
    }
    kexec(Path.of(kernel), Path.of(initrd), options, t);
    return null;
  }

  /** Loads the kernel now and executes it in five seconds. */
  static void kexec(Path kernel, Path initrd, List<String> options, String type) throws Exception {
    List<String> load = new ArrayList<>(List.of("kexec", "-l", kernel.toString(), "--initrd=" + initrd,
        "--append=" + String.join(" ", options), "--type=" + type));
    Map<String, Object> result = Commands.run(load, null, java.time.Duration.ofMinutes(2));
    if (!Long.valueOf(0).equals(result.get("returncode"))) {
      throw new IllegalStateException("kexec -l failed (" + result.get("returncode") + "): " + result.get("stderr"));
    }
    Commands.startDetached(List.of("sh", "-c", "sleep 5; exec kexec -e"));
  }

  static String requireText(Map<String, Object> kwargs, String key) {
    if (!(kwargs.get(key) instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(key + " must be a non-empty string, got " + kwargs.get(key));
    }
    return s;
  }

  static List<String> requireWords(Object options) {
    if (!(options instanceof List<?> l) || !l.stream().allMatch(o -> o instanceof String)) {
      throw new IllegalArgumentException("options must be a list of strings, got " + options);
    }
    return l.stream().map(String.class::cast).toList();
  }
}
