package io.mercury.common.store.audit;

import java.time.Instant;

/**
 * A filter over the audit trail; null fields do not filter. Newest first, at most {@link #MAX_LIMIT}.
 *
 * @param who the caller's name (exact)
 * @param action the endpoint or route (exact)
 * @param service the daemon (exact)
 * @param outcome ok, denied or error
 * @param since oldest time included
 * @param until newest time excluded
 * @param limit how many records at most, 1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(
    String who, String action, String service, AuditRecord.Outcome outcome, Instant since, Instant until, int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }
}
