package io.mercury.common.bootscript;

import io.mercury.common.bootscript.BootScriptRendering.UnsafeValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one rendering found besides its text: the variables that had no value, and the first value that
 * was not safe. One rendering runs on one thread, so this needs no locking.
 */
final class RenderFindings {
  private final Set<String> missing = new LinkedHashSet<>();
  private UnsafeValue unsafe;

  void missing(String variable) {
    missing.add(variable);
  }

  void unsafe(String variable, String why) {
    if (unsafe == null) {
      unsafe = new UnsafeValue(variable, why);
    }
  }

  List<String> missing() {
    return List.copyOf(missing);
  }

  Optional<UnsafeValue> unsafe() {
    return Optional.ofNullable(unsafe);
  }
}
