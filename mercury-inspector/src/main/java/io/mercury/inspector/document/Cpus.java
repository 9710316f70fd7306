package io.mercury.inspector.document;

import java.util.List;

/** {@code cpu}: the physical packages, by physical id. */
public record Cpus(List<Cpu> packages) implements Section {
  public Cpus {
    packages = List.copyOf(packages);
  }
}
