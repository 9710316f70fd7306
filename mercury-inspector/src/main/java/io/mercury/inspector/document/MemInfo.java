package io.mercury.inspector.document;

import java.util.List;

/** {@code mem}: the lines of /proc/meminfo in their order, keys verbatim. */
public record MemInfo(List<Entry> entries) implements Section {
  public MemInfo {
    entries = List.copyOf(entries);
  }

  /**
   * One line: {@code bytes} when its value was in kB, else its {@code text}.
   *
   * @param bytes the value in bytes, or null when the value is text
   * @param text the value as written, when not in kB
   */
  public record Entry(String key, Long bytes, String text) {}
}
