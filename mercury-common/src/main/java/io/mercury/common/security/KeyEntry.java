package io.mercury.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One document of the {@code keys} collection:
 * {@code {_id: <Z85 public key>, name, kind, role, status, mercury_id?, hostname?, address?,
 * created_at, updated_at, updated_by}}. Times are stored as BSON dates.
 *
 * @param publicKey the Z85 CURVE public key (40 characters), the document's {@code _id}
 * @param name who holds the key: an agent's mercury_id, an operator's user name, a daemon's service name
 * @param mercuryId the agent's mercury_id, or {@code null} for other kinds
 * @param hostname the agent's host name as it reported it, or {@code null}
 * @param address where the key was last seen from, or {@code null}
 * @param updatedBy who made the last change (a caller name, {@code enrolment-token}, {@code config})
 */
public record KeyEntry(
    String publicKey,
    String name,
    KeyKind kind,
    Role role,
    KeyStatus status,
    String mercuryId,
    String hostname,
    String address,
    Instant createdAt,
    Instant updatedAt,
    String updatedBy) {
  /** How many hex digits of the fingerprint are shown; enough to tell keys apart by eye. */
  public static final int SHORT_FINGERPRINT = 16;

  public static final String ID = "_id";
  public static final String NAME = "name";
  public static final String KIND = "kind";
  public static final String ROLE = "role";
  public static final String STATUS = "status";
  public static final String MERCURY_ID = "mercury_id";
  public static final String HOSTNAME = "hostname";
  public static final String ADDRESS = "address";
  public static final String CREATED_AT = "created_at";
  public static final String UPDATED_AT = "updated_at";
  public static final String UPDATED_BY = "updated_by";

  public KeyEntry {
    Objects.requireNonNull(publicKey, "publicKey is null");
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(role, "role is null");
    Objects.requireNonNull(status, "status is null");
    Objects.requireNonNull(createdAt, "createdAt is null");
    Objects.requireNonNull(updatedAt, "updatedAt is null");
    Objects.requireNonNull(updatedBy, "updatedBy is null");
  }

  /** The lowercase hex SHA-256 of the Z85 key text (64 digits); operators name keys by a prefix of it. */
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  /** The first {@link #SHORT_FINGERPRINT} digits of {@link #fingerprint()}, as tables and logs show it. */
  public String shortFingerprint() {
    return fingerprint().substring(0, SHORT_FINGERPRINT);
  }

  /** The fingerprint of a Z85 public key; see {@link #fingerprint()}. */
  public static String fingerprint(String publicKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(publicKey.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The caller this key authenticates as; only meaningful when {@link #status()} is accepted. */
  public Caller caller() {
    return new Caller(name, publicKey, role);
  }

  /** A copy with another status, changed now by {@code by}. */
  public KeyEntry withStatus(KeyStatus newStatus, Instant now, String by) {
    return new KeyEntry(
        publicKey, name, kind, role, newStatus, mercuryId, hostname, address, createdAt, now, by);
  }
}
