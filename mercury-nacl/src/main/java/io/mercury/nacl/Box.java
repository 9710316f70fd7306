package io.mercury.nacl;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * NaCl's {@code crypto_box} (Curve25519, XSalsa20 and Poly1305): key pairs, the precomputed key of a
 * key pair and a peer ({@code beforenm}), and boxes sealed and opened with either. Curve25519 is the
 * JDK's X25519 ({@link X25519}); the rest is {@link SecretBox}. Padding as in {@link SecretBox}.
 *
 * <p>Every method refuses (returns false) a peer key whose shared secret is all zeros (a point of small
 * order), where NaCl would go on with a key anyone can compute. Stateless and thread-safe.
 */
public final class Box {
  public static final int PUBLIC_KEY_BYTES = X25519.BYTES;
  public static final int SECRET_KEY_BYTES = X25519.BYTES;
  public static final int BEFORENM_BYTES = SecretBox.KEY_BYTES;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] ZERO_NONCE = new byte[16];

  private Box() {}

  /** Fills {@code secretKey} with 32 random bytes and sets {@code publicKey} to its public key. */
  public static void keyPair(byte[] publicKey, byte[] secretKey) {
    byte[] secret = new byte[SECRET_KEY_BYTES];
    RANDOM.nextBytes(secret);
    System.arraycopy(secret, 0, secretKey, 0, SECRET_KEY_BYTES);
    if (!X25519.scalarMultBase(publicKey, secret)) {
      throw new IllegalStateException("X25519 gave the zero point for the base point");
    }
    Arrays.fill(secret, (byte) 0);
  }

  /**
   * Sets {@code key} to HSalsa20 (zero input) of the X25519 shared secret of {@code secretKey} and
   * {@code publicKey}: the key {@link SecretBox} seals and opens this pair's boxes with.
   *
   * @return false, with {@code key} zeroed, when the shared secret is all zeros
   */
  public static boolean beforenm(byte[] key, byte[] publicKey, byte[] secretKey) {
    byte[] shared = new byte[X25519.BYTES];
    try {
      if (!X25519.scalarMult(shared, secretKey, publicKey)) {
        Arrays.fill(key, 0, BEFORENM_BYTES, (byte) 0);
        return false;
      }
      SecretBox.hsalsa20(key, ZERO_NONCE, shared);
      return true;
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
  }

  /** {@link SecretBox#seal} with the key of {@code publicKey} and {@code secretKey}. */
  public static boolean seal(byte[] c, byte[] m, int mlen, byte[] nonce, byte[] publicKey, byte[] secretKey) {
    byte[] key = new byte[BEFORENM_BYTES];
    try {
      return beforenm(key, publicKey, secretKey) && SecretBox.seal(c, m, mlen, nonce, key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** {@link SecretBox#open} with the key of {@code publicKey} and {@code secretKey}. */
  public static boolean open(byte[] m, byte[] c, int clen, byte[] nonce, byte[] publicKey, byte[] secretKey) {
    byte[] key = new byte[BEFORENM_BYTES];
    try {
      return beforenm(key, publicKey, secretKey) && SecretBox.open(m, c, clen, nonce, key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
