package io.mercury.common.protocol.frontend;

import java.util.Locale;
import java.util.Optional;

/** The RPC frontend's endpoints (docs/protocol.md, "RPC frontend"); each name is its wire name in lower case. */
public enum FrontendEndpoint {
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

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name a request's {@code endpoint} carries, e.g. {@code get_job}. */
  public String wireName() {
    return wireName;
  }

  /** The endpoint spelled exactly {@code wireName}; empty for any other name. */
  public static Optional<FrontendEndpoint> named(String wireName) {
    for (FrontendEndpoint e : values()) {
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
