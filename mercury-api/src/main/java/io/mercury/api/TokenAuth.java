package io.mercury.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code X-Auth-Token} authentication against tokens stored as SHA-256 hex digests. A request without
 * the header, or with a token whose digest is not configured, is refused with 401.
 */
final class TokenAuth {
  static final String HEADER = "X-Auth-Token";

  private final List<byte[]> digests;

  private TokenAuth(List<byte[]> digests) {
    this.digests = digests;
  }

  /**
   * From the configured digests.
   *
   * @throws IllegalArgumentException when one is not 64 hex digits
   */
  static TokenAuth of(List<String> hexDigests) {
    return new TokenAuth(
        hexDigests.stream()
            .map(
                h -> {
                  String hex = h.strip().toLowerCase(Locale.ROOT);
                  if (!hex.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException(
                        "api.auth.tokens: '" + h + "' is not a SHA-256 hex digest (64 hex digits); make one with mercury-api --hash-token");
                  }
                  return HexFormat.of().parseHex(hex);
                })
            .toList());
  }

  boolean enabled() {
    return !digests.isEmpty();
  }

  void check(Context ctx) {
    String token = ctx.header(HEADER);
    if (token == null || token.isBlank()) {
      throw new ApiError(401, "X-AUTH-TOKEN HEADER NOT FOUND");
    }
    byte[] digest = digest(token.strip());
    boolean known = false;
    for (byte[] d : digests) {
      known |= MessageDigest.isEqual(d, digest);
    }
    if (!known) {
      throw new ApiError(401, "X-Auth-Token is not valid");
    }
  }

  /** The SHA-256 hex digest of a token, as configured in {@code api.auth.tokens}. */
  static String hash(String token) {
    return HexFormat.of().formatHex(digest(token));
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
