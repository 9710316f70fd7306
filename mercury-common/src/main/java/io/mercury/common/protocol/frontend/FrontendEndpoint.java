package io.mercury.common.protocol.frontend;

import io.mercury.common.protocol.WireEndpoint;

/** The RPC frontend's endpoints (docs/protocol.md, "RPC frontend"); each name is its wire name in lower case. */
public enum FrontendEndpoint implements WireEndpoint {
  CREATE_JOB,
  GET_JOB,
  GET_JOB_STATUS,
  GET_JOB_TASKS,
  GET_TASK,
  GET_JOBS,
  GET_ACTIVE_TASKS_BY_MERCURY_ID,
  UPDATE_TASK,
  COMPLETE_TASK,
  CANCEL_JOB,
  FIND_IDS;

  @Override
  public String toString() {
    return wireName();
  }
}
