package io.mercury.inspector.document;

import java.util.List;

/** {@code raid}: the controllers the supported tools found. */
public record RaidAdapters(List<RaidAdapter> adapters) implements Section {
  public RaidAdapters {
    adapters = List.copyOf(adapters);
  }
}
