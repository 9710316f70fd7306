package io.mercury.common.protocol.log;

import io.mercury.common.protocol.WireEndpoint;

/** The log service's endpoints (docs/protocol.md, "Log service"); each name is its wire name in lower case. */
public enum LogEndpoint implements WireEndpoint {
  LOG_BATCH,
  QUERY_LOGS,
  FOLLOW_ADDRESS;

  @Override
  public String toString() {
    return wireName();
  }
}
