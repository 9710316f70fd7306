package io.mercury.common.protocol.backend;

import java.util.Objects;

/**
 * What {@code backend_status} answers: the backend's origin ({@code name, datacenter, address, port}), the
 * agents it has active and its open tasks.
 */
public record BackendStatus(String name, String datacenter, String address, long port, long agents, long openTasks) {
  public BackendStatus {
    Objects.requireNonNull(name, "name is null");
  }
}
