package io.mercury.common.security;

import java.util.Objects;
import org.zeromq.ZMQ;

/**
 * A CURVE key pair in Z85 text (40 characters each). The secret key is {@code null} for a public-only
 * key, such as a server's key as a client knows it or an operator's {@code .pub} file.
 *
 * @param publicKey Z85 public key
 * @param secretKey Z85 secret key, or {@code null}
 */
public record CurveKeyPair(String publicKey, String secretKey) {
  private static final String Z85_ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

  public CurveKeyPair {
    requireZ85(publicKey, "public key");
    if (secretKey != null) {
      requireZ85(secretKey, "secret key");
    }
  }

  /** A fresh random key pair. */
  public static CurveKeyPair generate() {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    return new CurveKeyPair(pair.publicKey, pair.secretKey);
  }

  /** A public-only key; throws {@link IllegalArgumentException} when the text is not a Z85 key. */
  public static CurveKeyPair publicOnly(String publicKey) {
    return new CurveKeyPair(publicKey, null);
  }

  public boolean hasSecret() {
    return secretKey != null;
  }

  /** The short fingerprint operators see in {@code mcli keys list} and in logs (never the secret). */
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  /** As {@link KeyEntry#shortFingerprint()}; {@code "none"} for a null key. */
  public static String fingerprint(String publicKey) {
    return publicKey == null
        ? "none"
        : KeyEntry.fingerprint(publicKey).substring(0, KeyEntry.SHORT_FINGERPRINT);
  }

  /**
   * A public key as 64 hex digits: the same 32 bytes as its Z85 form, in an alphabet that is safe where
   * Z85's is not (Z85 has {@code $ { } # &}, which an iPXE script or a kernel command line would read).
   */
  public static String toHex(String z85PublicKey) {
    return java.util.HexFormat.of().formatHex(ZMQ.Curve.z85Decode(z85PublicKey));
  }

  /**
   * The Z85 form of a public key given as Z85 (40 characters) or hex (64 digits), or null when it is
   * neither.
   */
  public static String z85Of(String text) {
    if (isZ85Key(text)) {
      return text;
    }
    if (text != null && text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return ZMQ.Curve.z85Encode(java.util.HexFormat.of().parseHex(text));
    }
    return null;
  }

  /** Whether {@code text} is a 40-character Z85 encoding of a 32-byte key. */
  public static boolean isZ85Key(String text) {
    if (text == null || text.length() != 40) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Z85_ALPHABET.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    try {
      byte[] raw = ZMQ.Curve.z85Decode(text);
      return raw != null && raw.length == 32;
    } catch (RuntimeException e) {
      return false;
    }
  }

  byte[] publicBytes() {
    return ZMQ.Curve.z85Decode(publicKey);
  }

  byte[] secretBytes() {
    return ZMQ.Curve.z85Decode(Objects.requireNonNull(secretKey, "key pair has no secret key"));
  }

  private static void requireZ85(String key, String what) {
    if (!isZ85Key(key)) {
      throw new IllegalArgumentException(
          "not a CURVE " + what + ": expected 40 Z85 characters, got "
              + (key == null ? "nothing" : key.length() + " characters"));
    }
  }

  @Override
  public String toString() {
    return "CurveKeyPair[" + publicKey + (secretKey == null ? "" : ", secret hidden") + "]";
  }
}
