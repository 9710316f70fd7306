package io.mercury.common.protocol.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * The reply of {@code create_enrolment_token}: {@code {"token", "id", "expires_at", "uses", "mac"?}}.
 *
 * @param token the secret an agent enrols with
 * @param id names the token in logs and the audit trail (not secret)
 * @param mac the network card the token is for, or null
 */
public record EnrolmentToken(String token, String id, Instant expiresAt, long uses, String mac) {
  public EnrolmentToken {
    Objects.requireNonNull(token, "token is null");
  }
}
