package io.mercury.inspector.document;

import java.util.List;

/** {@code interfaces}: the NICs in kernel (ifindex) order. */
public record Interfaces(List<NetworkInterface> nics) implements Section {
  public Interfaces {
    nics = List.copyOf(nics);
  }
}
