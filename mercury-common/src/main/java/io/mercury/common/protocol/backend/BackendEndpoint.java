package io.mercury.common.protocol.backend;

import io.mercury.common.protocol.WireEndpoint;

/**
 * The RPC backend's endpoints (docs/protocol.md, "RPC backend"): the original agent-facing ones, Mercury's
 * {@code heartbeat}, and the frontend's notices. Each name is its wire name in lower case.
 */
public enum BackendEndpoint implements WireEndpoint {
  REGISTER,
  UPDATE,
  UPDATE_TASK,
  COMPLETE_TASK,
  HEARTBEAT,
  ENQUEUE_TASKS,
  CANCEL_TASKS,
  BACKEND_STATUS;

  @Override
  public String toString() {
    return wireName();
  }
}
