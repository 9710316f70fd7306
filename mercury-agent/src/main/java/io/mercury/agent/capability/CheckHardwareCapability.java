package io.mercury.agent.capability;

import io.mercury.inspector.source.SystemRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check_hardware()}: hardware error counters compared with {@code agent.hardware.mce_threshold}.
 * Sources, read through the inspected tree: machine-check exceptions ({@code MCE:} in
 * {@code /proc/interrupts}, summed over CPUs) and EDAC memory controllers
 * ({@code /sys/devices/system/edac/mc/mc*}: {@code ce_count} at or over the threshold, any {@code
 * ue_count}). Returns {@code {errors: [{source, type, count, threshold, message}], error_count}}.
 */
public final class CheckHardwareCapability implements Capability {
  private static final CapabilityDescriptor DESCRIPTOR =
      CapabilityDescriptor.of("check_hardware", "Check hardware for errors", "")
          .withNumArgs(0)
          .withDoc("Reports MCE and EDAC error counters at or over the configured threshold.");
  private static final String EDAC = "/sys/devices/system/edac/mc";

  private final AgentEnvironment env;

  public CheckHardwareCapability(AgentEnvironment env) {
    this.env = env;
  }

  @Override
  public CapabilityDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) {
    return check(env.device().root(), env.config().mceThreshold());
  }

  static Map<String, Object> check(SystemRoot root, int threshold) {
    List<Object> errors = new ArrayList<>();
    long mce = machineChecks(root);
    if (mce >= threshold && mce > 0) {
      errors.add(error("/proc/interrupts", "machine_check_exceptions", mce, threshold,
          mce + " machine check exceptions (threshold " + threshold + ")"));
    }
    for (String mc : root.list(EDAC)) {
      if (!mc.startsWith("mc")) {
        continue;
      }
      String dir = EDAC + "/" + mc;
      long ce = counter(root, dir + "/ce_count");
      long ue = counter(root, dir + "/ue_count");
      if (ce >= threshold && ce > 0) {
        errors.add(error(dir, "corrected_memory_errors", ce, threshold,
            mc + ": " + ce + " corrected memory errors (threshold " + threshold + ")"));
      }
      if (ue > 0) {
        errors.add(error(dir, "uncorrected_memory_errors", ue, 0, mc + ": " + ue + " uncorrected memory errors"));
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("errors", errors);
    result.put("error_count", (long) errors.size());
    return result;
  }

  private static long machineChecks(SystemRoot root) {
    for (String line : root.read("/proc/interrupts").orElse("").split("\n")) {
      String t = line.strip();
      if (t.startsWith("MCE:")) {
        long sum = 0;
        for (String word : t.substring(4).strip().split("\\s+")) {
          if (!word.chars().allMatch(Character::isDigit) || word.isEmpty()) {
            break;
          }
          sum += Long.parseLong(word);
        }
        return sum;
      }
    }
    return 0;
  }

  private static long counter(SystemRoot root, String path) {
    try {
      return root.readTrimmed(path).map(Long::parseLong).orElse(0L);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, Object> error(String source, String type, long count, long threshold, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("source", source);
    e.put("type", type);
    e.put("count", count);
    e.put("threshold", threshold);
    e.put("message", message);
    return e;
  }
}
