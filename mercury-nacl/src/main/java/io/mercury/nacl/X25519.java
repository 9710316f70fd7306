package io.mercury.nacl;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * Curve25519 scalar multiplication (RFC 7748's X25519) on the JDK's own implementation
 * ({@code KeyAgreement "X25519"}), with NaCl's byte conventions: the scalar is 32 raw bytes, clamped by
 * the multiplication itself; a point is its u-coordinate, 32 bytes little-endian, whose top bit is
 * ignored.
 *
 * <p>A result of all zeros (the peer's point has small order, or is zero) is refused: the methods
 * return {@code false} and leave {@code out} zeroed, so a caller can never go on with a key an attacker
 * chose. Thread-safe: each call gets its own JDK objects.
 */
public final class X25519 {
  /** Bytes of a scalar, of a point (u-coordinate) and of a shared secret. */
  public static final int BYTES = 32;

  /** The base point, u = 9. */
  private static final BigInteger BASE_U = BigInteger.valueOf(9);

  /** The field prime, 2^255 - 19. */
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private X25519() {}

  /**
   * Sets {@code out} to {@code scalar} times the point {@code u}.
   *
   * @return false, with {@code out} zeroed, when the result is all zeros
   */
  public static boolean scalarMult(byte[] out, byte[] scalar, byte[] u) {
    return multiply(out, scalar, decodeU(u));
  }

  /**
   * Sets {@code out} to {@code scalar} times the base point (9): the public key of the secret key
   * {@code scalar}.
   *
   * @return false, with {@code out} zeroed, when the result is all zeros (it never is for the base point)
   */
  public static boolean scalarMultBase(byte[] out, byte[] scalar) {
    return multiply(out, scalar, BASE_U);
  }

  private static boolean multiply(byte[] out, byte[] scalar, BigInteger u) {
    checkLength("out", out);
    checkLength("scalar", scalar);
    byte[] result;
    try {
      KeyFactory factory = KeyFactory.getInstance("X25519");
      PrivateKey privateKey =
          factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, Arrays.copyOf(scalar, BYTES)));
      PublicKey publicKey = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
      KeyAgreement agreement = KeyAgreement.getInstance("X25519");
      agreement.init(privateKey);
      agreement.doPhase(publicKey, true);
      result = agreement.generateSecret();
    } catch (GeneralSecurityException | IllegalStateException e) {
      // the JDK refuses a small-order point ("Point has small order"): no key, as for an all-zero result
      Arrays.fill(out, 0, BYTES, (byte) 0);
      return false;
    }
    boolean allZero = isZero(result);
    System.arraycopy(result, 0, out, 0, BYTES);
    Arrays.fill(result, (byte) 0);
    if (allZero) {
      Arrays.fill(out, 0, BYTES, (byte) 0);
      return false;
    }
    return true;
  }

  /**
   * The u-coordinate of 32 little-endian bytes, top bit masked and reduced modulo p, as RFC 7748
   * (section 5) asks of a non-canonical value.
   */
  static BigInteger decodeU(byte[] u) {
    checkLength("u", u);
    byte[] bigEndian = new byte[BYTES];
    for (int i = 0; i < BYTES; i++) {
      bigEndian[i] = u[BYTES - 1 - i];
    }
    bigEndian[0] &= 0x7f;
    return new BigInteger(1, bigEndian).mod(P);
  }

  private static boolean isZero(byte[] bytes) {
    int acc = 0;
    for (byte b : bytes) {
      acc |= b;
    }
    return acc == 0;
  }

  private static void checkLength(String name, byte[] bytes) {
    if (bytes.length < BYTES) {
      throw new IllegalArgumentException(name + " has " + bytes.length + " bytes, needs " + BYTES);
    }
  }
}
