package io.mercury.nacl;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's {@code crypto_secretbox} (XSalsa20 and Poly1305) and its {@code HSalsa20} core, on
 * BouncyCastle's Salsa20 family and Poly1305.
 *
 * <p>NaCl's padding conventions: a message {@code m} starts with {@link #ZERO_BYTES} zero bytes and a
 * box {@code c} of the same length starts with {@link #BOX_ZERO_BYTES} zero bytes, then the 16-byte
 * authenticator, then the ciphertext. Stateless and thread-safe.
 */
public final class SecretBox {
  public static final int KEY_BYTES = 32;
  public static final int NONCE_BYTES = 24;
  public static final int ZERO_BYTES = 32;
  public static final int BOX_ZERO_BYTES = 16;

  private static final int TAG_BYTES = 16;

  /* "expand 32-byte k", the Salsa20 constant, as little-endian words */
  private static final int SIGMA_0 = 0x61707865;
  private static final int SIGMA_1 = 0x3320646e;
  private static final int SIGMA_2 = 0x79622d32;
  private static final int SIGMA_3 = 0x6b206574;

  /** The state words HSalsa20 outputs, in order. */
  private static final int[] HSALSA20_WORDS = {0, 5, 10, 15, 6, 7, 8, 9};

  private SecretBox() {}

  /**
   * Seals the first {@code mlen} bytes of {@code m} (its first 32 bytes zero) into the first {@code
   * mlen} bytes of {@code c}: {@code c} gets 16 zero bytes, the authenticator, then the ciphertext.
   *
   * @return false when {@code mlen} is shorter than the padding
   */
  public static boolean seal(byte[] c, byte[] m, int mlen, byte[] nonce, byte[] key) {
    if (mlen < ZERO_BYTES) {
      return false;
    }
    xsalsa20(nonce, key).processBytes(m, 0, mlen, c, 0);
    // the first 32 bytes of c are the first 32 of the key stream (m's zero padding): the one-time key
    byte[] tag = poly1305(c, ZERO_BYTES, mlen - ZERO_BYTES, Arrays.copyOf(c, 32));
    Arrays.fill(c, 0, BOX_ZERO_BYTES, (byte) 0);
    System.arraycopy(tag, 0, c, BOX_ZERO_BYTES, TAG_BYTES);
    return true;
  }

  /**
   * Opens the first {@code clen} bytes of the box {@code c} into {@code m}, which then starts with 32
   * zero bytes. {@code m} is not written unless the authenticator is right.
   *
   * @return false when the box is shorter than the padding or its authenticator is wrong
   */
  public static boolean open(byte[] m, byte[] c, int clen, byte[] nonce, byte[] key) {
    if (clen < ZERO_BYTES) {
      return false;
    }
    XSalsa20Engine stream = xsalsa20(nonce, key);
    byte[] oneTimeKey = new byte[32];
    stream.processBytes(new byte[32], 0, 32, oneTimeKey, 0);
    byte[] expected = poly1305(c, ZERO_BYTES, clen - ZERO_BYTES, oneTimeKey);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(c, BOX_ZERO_BYTES, ZERO_BYTES))) {
      return false;
    }
    // the stream is now at byte 32, where the ciphertext starts
    stream.processBytes(c, ZERO_BYTES, clen - ZERO_BYTES, m, ZERO_BYTES);
    Arrays.fill(m, 0, ZERO_BYTES, (byte) 0);
    return true;
  }

  /**
   * HSalsa20: the 32-byte key {@code out} derived from a 32-byte {@code key} and a 16-byte {@code
   * input}. The Salsa20 core's 20 rounds, without its final addition of the input, words 0, 5, 10, 15,
   * 6, 7, 8, 9.
   */
  public static void hsalsa20(byte[] out, byte[] input, byte[] key) {
    int[] state = new int[16];
    state[0] = SIGMA_0;
    state[5] = SIGMA_1;
    state[10] = SIGMA_2;
    state[15] = SIGMA_3;
    for (int i = 0; i < 4; i++) {
      state[1 + i] = littleEndianInt(key, 4 * i);
      state[11 + i] = littleEndianInt(key, 16 + 4 * i);
      state[6 + i] = littleEndianInt(input, 4 * i);
    }
    int[] mixed = new int[16];
    Salsa20Engine.salsaCore(20, state, mixed); // mixed = rounds(state) + state
    for (int i = 0; i < HSALSA20_WORDS.length; i++) {
      int word = HSALSA20_WORDS[i];
      putLittleEndianInt(mixed[word] - state[word], out, 4 * i);
    }
    Arrays.fill(state, 0);
    Arrays.fill(mixed, 0);
  }

  private static XSalsa20Engine xsalsa20(byte[] nonce, byte[] key) {
    if (nonce.length < NONCE_BYTES || key.length < KEY_BYTES) {
      throw new IllegalArgumentException("XSalsa20 needs a 24-byte nonce and a 32-byte key");
    }
    XSalsa20Engine engine = new XSalsa20Engine();
    engine.init(
        true,
        new ParametersWithIV(
            new KeyParameter(key, 0, KEY_BYTES), Arrays.copyOf(nonce, NONCE_BYTES)));
    return engine;
  }

  private static byte[] poly1305(byte[] data, int offset, int length, byte[] oneTimeKey) {
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(oneTimeKey));
    Arrays.fill(oneTimeKey, (byte) 0);
    mac.update(data, offset, length);
    byte[] tag = new byte[TAG_BYTES];
    mac.doFinal(tag, 0);
    return tag;
  }

  private static int littleEndianInt(byte[] b, int offset) {
    return (b[offset] & 0xff)
        | (b[offset + 1] & 0xff) << 8
        | (b[offset + 2] & 0xff) << 16
        | (b[offset + 3] & 0xff) << 24;
  }

  private static void putLittleEndianInt(int value, byte[] b, int offset) {
    b[offset] = (byte) value;
    b[offset + 1] = (byte) (value >>> 8);
    b[offset + 2] = (byte) (value >>> 16);
    b[offset + 3] = (byte) (value >>> 24);
  }
}
