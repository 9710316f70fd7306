package io.mercury.common.protocol.backend;

import java.util.Locale;
import java.util.Optional;

/**
 * The RPC backend's endpoints (docs/protocol.md, "RPC backend"): the original agent-facing ones, Mercury's
 * {@code heartbeat}, and the frontend's notices. Each name is its wire name in lower case.
 */
public enum BackendEndpoint {
  REGISTER,
  UPDATE,
  UPDATE_TASK,
  COMPLETE_TASK,
  HEARTBEAT,
  ENQUEUE_TASKS,
  CANCEL_TASKS,
  BACKEND_STATUS;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name a request's {@code endpoint} carries, e.g. {@code complete_task}. */
  public String wireName() {
    return wireName;
  }

  /** The endpoint spelled exactly {@code wireName}; empty for any other name. */
  public static Optional<BackendEndpoint> named(String wireName) {
    for (BackendEndpoint e : values()) {
      if (e.wireName.equals(wireName)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
