package com.neilalexander.jnacl.crypto;

import io.mercury.nacl.Box;
import io.mercury.nacl.SecretBox;
import io.mercury.nacl.X25519;

/**
 * Drop-in replacement for jnacl 1.0.0's class of the same name (eu.neilalexander:jnacl, which JeroMQ's
 * CURVE calls): the same static methods and constants, NaCl's semantics (0 on success, -1 on failure;
 * 32 zero bytes before a message, 16 before a box), implemented by {@link Box} on the JDK's X25519 and
 * BouncyCastle. One difference, on purpose: a peer key whose shared secret is all zeros (small order) makes
 * the call return -1, where jnacl went on with an all-zero key.
 */
public class curve25519xsalsa20poly1305 {
  public static final int crypto_secretbox_PUBLICKEYBYTES = Box.PUBLIC_KEY_BYTES;
  public static final int crypto_secretbox_SECRETKEYBYTES = Box.SECRET_KEY_BYTES;
  public static final int crypto_secretbox_BEFORENMBYTES = Box.BEFORENM_BYTES;
  public static final int crypto_secretbox_NONCEBYTES = SecretBox.NONCE_BYTES;
  public static final int crypto_secretbox_ZEROBYTES = SecretBox.ZERO_BYTES;
  public static final int crypto_secretbox_BOXZEROBYTES = SecretBox.BOX_ZERO_BYTES;

  public curve25519xsalsa20poly1305() {}

  /** A new key pair: 32 random bytes in {@code sk}, its public key in {@code pk}. */
  public static int crypto_box_keypair(byte[] pk, byte[] sk) {
    Box.keyPair(pk, sk);
    return 0;
  }

  /** The public key of the secret key {@code sk}. */
  public static int crypto_box_getpublickey(byte[] pk, byte[] sk) {
    return status(X25519.scalarMultBase(pk, sk));
  }

  public static int crypto_box_beforenm(byte[] k, byte[] pk, byte[] sk) {
    return status(Box.beforenm(k, pk, sk));
  }

  public static int crypto_box_afternm(byte[] c, byte[] m, long mlen, byte[] n, byte[] k) {
    return status(SecretBox.seal(c, m, length(mlen), n, k));
  }

  public static int crypto_box_open_afternm(byte[] m, byte[] c, long clen, byte[] n, byte[] k) {
    return status(SecretBox.open(m, c, length(clen), n, k));
  }

  public static int crypto_box(byte[] c, byte[] m, long mlen, byte[] n, byte[] pk, byte[] sk) {
    return status(Box.seal(c, m, length(mlen), n, pk, sk));
  }

  public static int crypto_box_open(byte[] m, byte[] c, long clen, byte[] n, byte[] pk, byte[] sk) {
    return status(Box.open(m, c, length(clen), n, pk, sk));
  }

  public static int crypto_box_afternm(byte[] c, byte[] m, byte[] n, byte[] k) {
    return crypto_box_afternm(c, m, m.length, n, k);
  }

  public static int crypto_box_open_afternm(byte[] m, byte[] c, byte[] n, byte[] k) {
    return crypto_box_open_afternm(m, c, c.length, n, k);
  }

  public static int crypto_box(byte[] c, byte[] m, byte[] n, byte[] pk, byte[] sk) {
    return crypto_box(c, m, m.length, n, pk, sk);
  }

  public static int crypto_box_open(byte[] m, byte[] c, byte[] n, byte[] pk, byte[] sk) {
    return crypto_box_open(m, c, c.length, n, pk, sk);
  }

  static int status(boolean ok) {
    return ok ? 0 : -1;
  }

  static int length(long length) {
    if (length < 0 || length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("length out of range: " + length);
    }
    return (int) length;
  }
}
