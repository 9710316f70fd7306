package io.mercury.common.store.keys;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Enrolment tokens: collection {@code enrolment_tokens} of the security database. A token lets an agent
 * holding it have its key accepted without waiting for an operator.
 *
 * <p>A token is 32 random bytes (256 bits) in URL-safe base64 without padding; it is shown once, when
 * created, and stored only as its SHA-256 (lowercase hex, the document's {@code _id}) with {@code
 * expires_at}, {@code uses_left}, {@code created_by} and {@code created_at}. {@link #redeem} takes one
 * use in a single conditional update, so two agents cannot both spend the last use. Expired documents
 * are removed by a TTL index. Thread-safe.
 */
public final class EnrolmentTokens {
  public static final String COLLECTION = "enrolment_tokens";
  public static final int MAX_USES = 10_000;
  public static final Duration MAX_TTL = Duration.ofDays(30);
  static final String EXPIRES_AT = "expires_at";
  static final String USES_LEFT = "uses_left";
  static final String CREATED_BY = "created_by";
  static final String CREATED_AT = "created_at";
  private static final int TOKEN_BYTES = 32;
  /** How many hex digits of the hash name a token in logs and audit records. */
  private static final int ID_DIGITS = 12;

  private final MongoCollection<Document> tokens;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  /** The field naming the MAC a token was minted for (auto-enrolment), if any. */
  static final String MAC = "mac";

  public record Minted(String token, String id, Instant expiresAt, int uses) {}

  /** What happened to a token shown for redemption. */
  public enum Redemption {
    /** One use was taken. */
    REDEEMED,
    /** No such token (never made, mistyped, or removed after expiry). */
    UNKNOWN,
    /** The token exists but its time is up. */
    EXPIRED,
    /** The token exists but has no uses left. */
    USED_UP;

    /** Why an agent's token did not accept its key, for replies and logs. */
    public String reason() {
      return switch (this) {
        case REDEEMED -> "the token was accepted";
        case UNKNOWN -> "the enrolment token is not known (mistyped, or removed after it expired)";
        case EXPIRED -> "the enrolment token has expired";
        case USED_UP -> "the enrolment token has no uses left";
      };
    }
  }

  public EnrolmentTokens(MongoDatabase db, InstantSource clock) {
    this.tokens = db.getCollection(COLLECTION);
    this.clock = clock;
    tokens.createIndex(Indexes.ascending(EXPIRES_AT), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
  }

  /**
   * Makes a token.
   *
   * @param ttl how long it may be used (at most {@link #MAX_TTL})
   * @param uses how many keys it may accept (1 to {@link #MAX_USES})
   * @param createdBy who asked for it
   * @throws IllegalArgumentException for a TTL or use count out of range
   */
  public Minted create(Duration ttl, int uses, String createdBy) {
    return create(ttl, uses, createdBy, null);
  }

  /**
   * As {@link #create(Duration, int, String)}, for the agent booting with network card {@code mac}
   * (auto-enrolment): the MAC's earlier tokens are deleted first, so at most one is live per MAC.
   */
  public Minted create(Duration ttl, int uses, String createdBy, String mac) {
    Objects.requireNonNull(createdBy, "createdBy is null");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "a token's lifetime must be more than 0 and at most " + MAX_TTL.toDays() + " days, got " + ttl);
    }
    if (uses < 1 || uses > MAX_USES) {
      throw new IllegalArgumentException("a token's uses must be between 1 and " + MAX_USES + ", got " + uses);
    }
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String hash = hash(token);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    Document doc =
        new Document("_id", hash)
            .append(EXPIRES_AT, Date.from(expiresAt))
            .append(USES_LEFT, uses)
            .append(CREATED_BY, createdBy)
            .append(CREATED_AT, Date.from(now));
    if (mac != null) {
      tokens.deleteMany(Filters.eq(MAC, mac));
      doc.append(MAC, mac);
    }
    tokens.insertOne(doc);
    return new Minted(token, id(token), expiresAt, uses);
  }

  /** Takes one use of the token if it exists, has not expired and has a use left; atomic. */
  public Redemption redeem(String token) {
    if (token == null || token.isBlank()) {
      return Redemption.UNKNOWN;
    }
    String hash = hash(token.trim());
    Date now = Date.from(clock.instant());
    Document taken =
        tokens.findOneAndUpdate(
            Filters.and(Filters.eq("_id", hash), Filters.gt(EXPIRES_AT, now), Filters.gt(USES_LEFT, 0)),
            Updates.inc(USES_LEFT, -1));
    if (taken != null) {
      return Redemption.REDEEMED;
    }
    Document known = tokens.find(Filters.eq("_id", hash)).first();
    if (known == null) {
      return Redemption.UNKNOWN;
    }
    return known.getDate(EXPIRES_AT).toInstant().isAfter(now.toInstant()) ? Redemption.USED_UP : Redemption.EXPIRED;
  }

  /** The safe name of a token: the first hex digits of its hash. */
  public static String id(String token) {
    return hash(token).substring(0, ID_DIGITS);
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
