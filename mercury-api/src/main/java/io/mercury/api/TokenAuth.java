package io.mercury.api;

import io.javalin.http.Context;
import io.mercury.common.security.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code X-Auth-Token} authentication against tokens stored as SHA-256 hex digests. A request without
 * the header, or with a token whose digest is not configured, is refused with 401; a known token's
 * holder is put on the request as attribute {@link #HOLDER} for the route's role check.
 *
 * <p>Each configured entry is {@code <sha256-hex> <role> <name>} (role read-only, operator or admin). An
 * entry of the digest alone, the form before roles existed, is an operator named {@code token-<first 8
 * hex digits>}: that keeps what such a token could do (every route; the API has none above operator)
 * without granting it more, and a warning at start asks for the role and name to be written out.
 */
final class TokenAuth {
  static final String HEADER = "X-Auth-Token";
  static final String HOLDER = "mercury.token";

  /**
   * One accepted token.
   *
   * @param digest its SHA-256
   * @param role what its holder may do
   * @param name who holds it, for the audit trail
   * @param legacy whether it was configured without role and name
   */
  @SuppressWarnings("ArrayRecordComponent") // matched only with MessageDigest.isEqual (constant time); never compared or hashed
  record Token(byte[] digest, Role role, String name, boolean legacy) {}

  private final List<Token> tokens;

  private TokenAuth(List<Token> tokens) {
    this.tokens = tokens;
  }

  /**
   * From the configured entries.
   *
   * @throws IllegalArgumentException when a digest is not 64 hex digits, a role is unknown or not an
   *     operator role, or an entry has a role but no name
   */
  static TokenAuth of(List<String> entries) {
    return new TokenAuth(entries.stream().map(TokenAuth::entry).toList());
  }

  private static Token entry(String entry) {
    String[] parts = entry.strip().split("\\s+");
    String hex = parts[0].toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "api.auth.tokens: '" + parts[0] + "' is not a SHA-256 hex digest (64 hex digits); make one with mercury-api --hash-token");
    }
    byte[] digest = HexFormat.of().parseHex(hex);
    if (parts.length == 1) {
      return new Token(digest, Role.OPERATOR, "token-" + hex.substring(0, 8), true);
    }
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "api.auth.tokens: an entry is '<sha256-hex> <role> <name>' (or the digest alone), got " + parts.length + " words for " + hex.substring(0, 8) + "...");
    }
    Role role;
    try {
      role = Role.parse(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("api.auth.tokens: " + e.getMessage(), e);
    }
    if (role != Role.READ_ONLY && role != Role.OPERATOR && role != Role.ADMIN) {
      throw new IllegalArgumentException(
          "api.auth.tokens: role " + role.wireName() + " is not for API tokens (read-only, operator or admin)");
    }
    return new Token(digest, role, parts[2], false);
  }

  boolean enabled() {
    return !tokens.isEmpty();
  }

  /** The entries configured as the digest alone (they are operators). */
  List<String> legacyNames() {
    return tokens.stream().filter(Token::legacy).map(Token::name).toList();
  }

  void check(Context ctx) {
    String token = ctx.header(HEADER);
    if (token == null || token.isBlank()) {
      throw new ApiError(401, "X-AUTH-TOKEN HEADER NOT FOUND");
    }
    byte[] digest = digest(token.strip());
    Token known = null;
    for (Token t : tokens) {
      if (MessageDigest.isEqual(t.digest(), digest)) {
        known = t;
      }
    }
    if (known == null) {
      throw new ApiError(401, "X-Auth-Token is not valid");
    }
    ctx.attribute(HOLDER, known);
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
