package com.neilalexander.jnacl.crypto;

import io.mercury.nacl.SecretBox;

/**
 * Drop-in replacement for jnacl 1.0.0's class of the same name: NaCl's {@code crypto_secretbox}
 * (XSalsa20 and Poly1305, BouncyCastle's, through {@link SecretBox}); 0 on success, -1 on failure; 32
 * zero bytes before a message, 16 before a box.
 */
public class xsalsa20poly1305 {
  public static final int crypto_secretbox_KEYBYTES = SecretBox.KEY_BYTES;
  public static final int crypto_secretbox_NONCEBYTES = SecretBox.NONCE_BYTES;
  public static final int crypto_secretbox_ZEROBYTES = SecretBox.ZERO_BYTES;
  public static final int crypto_secretbox_BOXZEROBYTES = SecretBox.BOX_ZERO_BYTES;

  public xsalsa20poly1305() {}

  public static int crypto_secretbox(byte[] c, byte[] m, long mlen, byte[] n, byte[] k) {
    return curve25519xsalsa20poly1305.status(
        SecretBox.seal(c, m, curve25519xsalsa20poly1305.length(mlen), n, k));
  }

  public static int crypto_secretbox_open(byte[] m, byte[] c, long clen, byte[] n, byte[] k) {
    return curve25519xsalsa20poly1305.status(
        SecretBox.open(m, c, curve25519xsalsa20poly1305.length(clen), n, k));
  }
}
