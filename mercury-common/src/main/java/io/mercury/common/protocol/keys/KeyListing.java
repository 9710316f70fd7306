package io.mercury.common.protocol.keys;

import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * One key as the key endpoints send it.
 *
 * @param publicKey the Z85 public key (a terse stand-in may leave it out: null)
 * @param fingerprint the short fingerprint operators name keys by
 * @param mercuryId the device of an agent key, or null
 * @param hostname as the agent gave it, or null
 * @param address where the key last connected from, or null
 * @param updatedBy who changed its status last, or null
 * @param conflict in {@code list_keys} only: the fingerprint of the device's accepted key this one would
 *     replace, or null
 */
public record KeyListing(
    String publicKey,
    String fingerprint,
    String name,
    KeyKind kind,
    Role role,
    KeyStatus status,
    String mercuryId,
    String hostname,
    String address,
    Instant createdAt,
    Instant updatedAt,
    String updatedBy,
    String conflict) {
  public KeyListing {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(role, "role is null");
    Objects.requireNonNull(status, "status is null");
  }

  /** The listing of a stored key, without a conflict. */
  public static KeyListing of(KeyEntry e) {
    return new KeyListing(
        e.publicKey(),
        e.shortFingerprint(),
        e.name(),
        e.kind(),
        e.role(),
        e.status(),
        e.mercuryId(),
        e.hostname(),
        e.address(),
        e.createdAt(),
        e.updatedAt(),
        e.updatedBy(),
        null);
  }

  /** This listing with {@code conflict} set. */
  public KeyListing withConflict(String conflict) {
    return new KeyListing(
        publicKey, fingerprint, name, kind, role, status, mercuryId, hostname, address, createdAt, updatedAt, updatedBy, conflict);
  }
}
