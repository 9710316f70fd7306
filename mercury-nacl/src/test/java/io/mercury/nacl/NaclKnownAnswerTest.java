package io.mercury.nacl;

import static org.assertj.core.api.Assertions.assertThat;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import com.neilalexander.jnacl.crypto.xsalsa20poly1305;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The worked example of Bernstein's "Cryptography in NaCl" (the keys also in RFC 7748, section 6.1),
 * through the jnacl-compatible classes JeroMQ calls: Alice's and Bob's key pairs, their shared secret,
 * the box key ({@code crypto_box_beforenm}), and the box of the 131-byte message under the paper's nonce.
 */
class NaclKnownAnswerTest {
  private static final HexFormat HEX = HexFormat.of();

  private static final byte[] ALICE_SECRET = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  private static final byte[] ALICE_PUBLIC = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  private static final byte[] BOB_SECRET = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  private static final byte[] BOB_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  private static final byte[] SHARED = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  private static final byte[] BOX_KEY = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
  private static final byte[] NONCE = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
  private static final byte[] MESSAGE =
      hex("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01"
          + "233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f5"
          + "9ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705");
  /** The authenticator, then the ciphertext: the box without NaCl's 16 leading zero bytes. */
  private static final byte[] BOX =
      hex("f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc1"
          + "7c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517a"
          + "cfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5");

  @Test
  void publicKeysAreTheSecretKeysTimesTheBasePoint() {
    byte[] alice = new byte[32];
    byte[] bob = new byte[32];
    assertThat(curve25519xsalsa20poly1305.crypto_box_getpublickey(alice, ALICE_SECRET)).isZero();
    assertThat(curve25519xsalsa20poly1305.crypto_box_getpublickey(bob, BOB_SECRET)).isZero();
    assertThat(alice).isEqualTo(ALICE_PUBLIC);
    assertThat(bob).isEqualTo(BOB_PUBLIC);
  }

  @Test
  void bothSidesComputeTheSameSharedSecretAndBoxKey() {
    byte[] aliceShared = new byte[32];
    byte[] bobShared = new byte[32];
    assertThat(X25519.scalarMult(aliceShared, ALICE_SECRET, BOB_PUBLIC)).isTrue();
    assertThat(X25519.scalarMult(bobShared, BOB_SECRET, ALICE_PUBLIC)).isTrue();
    assertThat(aliceShared).isEqualTo(SHARED).isEqualTo(bobShared);

    byte[] aliceKey = new byte[32];
    byte[] bobKey = new byte[32];
    assertThat(curve25519xsalsa20poly1305.crypto_box_beforenm(aliceKey, BOB_PUBLIC, ALICE_SECRET)).isZero();
    assertThat(curve25519xsalsa20poly1305.crypto_box_beforenm(bobKey, ALICE_PUBLIC, BOB_SECRET)).isZero();
    assertThat(aliceKey).isEqualTo(BOX_KEY).isEqualTo(bobKey);
  }

  @Test
  void aliceBoxesTheMessageForBob() {
    byte[] c = new byte[32 + MESSAGE.length];
    assertThat(curve25519xsalsa20poly1305.crypto_box(c, padded(MESSAGE), c.length, NONCE, BOB_PUBLIC, ALICE_SECRET))
        .isZero();
    assertThat(c).isEqualTo(boxed(BOX));

    byte[] afterNm = new byte[c.length];
    assertThat(curve25519xsalsa20poly1305.crypto_box_afternm(afterNm, padded(MESSAGE), c.length, NONCE, BOX_KEY))
        .isZero();
    assertThat(afterNm).isEqualTo(c);
  }

  @Test
  void bobOpensIt() {
    byte[] m = new byte[32 + MESSAGE.length];
    assertThat(curve25519xsalsa20poly1305.crypto_box_open(m, boxed(BOX), m.length, NONCE, ALICE_PUBLIC, BOB_SECRET))
        .isZero();
    assertThat(m).isEqualTo(padded(MESSAGE));

    byte[] afterNm = new byte[m.length];
    assertThat(curve25519xsalsa20poly1305.crypto_box_open_afternm(afterNm, boxed(BOX), m.length, NONCE, BOX_KEY))
        .isZero();
    assertThat(afterNm).isEqualTo(m);
  }

  @Test
  void secretboxWithTheBoxKeyIsTheSameBox() {
    byte[] c = new byte[32 + MESSAGE.length];
    assertThat(xsalsa20poly1305.crypto_secretbox(c, padded(MESSAGE), c.length, NONCE, BOX_KEY)).isZero();
    assertThat(c).isEqualTo(boxed(BOX));
    byte[] m = new byte[c.length];
    assertThat(xsalsa20poly1305.crypto_secretbox_open(m, c, c.length, NONCE, BOX_KEY)).isZero();
    assertThat(m).isEqualTo(padded(MESSAGE));
  }

  @Test
  void aTamperedBoxDoesNotOpenAndLeavesTheOutputUntouched() {
    for (int position : new int[] {16, 31, 32, 100, 32 + MESSAGE.length - 1}) {
      byte[] c = boxed(BOX);
      c[position] ^= 0x01;
      byte[] m = new byte[c.length];
      Arrays.fill(m, (byte) 0x5a);
      assertThat(curve25519xsalsa20poly1305.crypto_box_open(m, c, c.length, NONCE, ALICE_PUBLIC, BOB_SECRET))
          .as("flipped bit at %d", position)
          .isEqualTo(-1);
      assertThat(xsalsa20poly1305.crypto_secretbox_open(m, c, c.length, NONCE, BOX_KEY)).isEqualTo(-1);
      assertThat(m).containsOnly((byte) 0x5a);
    }
    byte[] wrongNonce = NONCE.clone();
    wrongNonce[23] ^= 0x01;
    byte[] m = new byte[32 + MESSAGE.length];
    assertThat(xsalsa20poly1305.crypto_secretbox_open(m, boxed(BOX), m.length, wrongNonce, BOX_KEY)).isEqualTo(-1);
  }

  @Test
  void tooShortForThePaddingIsRefused() {
    byte[] c = new byte[31];
    assertThat(xsalsa20poly1305.crypto_secretbox(c, new byte[31], 31, NONCE, BOX_KEY)).isEqualTo(-1);
    assertThat(xsalsa20poly1305.crypto_secretbox_open(new byte[31], c, 31, NONCE, BOX_KEY)).isEqualTo(-1);
    // exactly the padding: an empty message, which boxes and opens
    byte[] empty = new byte[32];
    assertThat(xsalsa20poly1305.crypto_secretbox(empty, new byte[32], 32, NONCE, BOX_KEY)).isZero();
    assertThat(xsalsa20poly1305.crypto_secretbox_open(new byte[32], empty, 32, NONCE, BOX_KEY)).isZero();
  }

  @Test
  void aSmallOrderPeerKeyGivesNoKeyAtAll() {
    // u = 0 and u = 1 (points of order 1 and 4), and u = p + 1 (non-canonical 1): every scalar gives zero
    byte[] zero = new byte[32];
    byte[] one = new byte[32];
    one[0] = 1;
    byte[] pPlusOne = hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    for (byte[] peer : new byte[][] {zero, one, pPlusOne}) {
      byte[] key = new byte[32];
      Arrays.fill(key, (byte) 0x33);
      assertThat(curve25519xsalsa20poly1305.crypto_box_beforenm(key, peer, ALICE_SECRET)).isEqualTo(-1);
      assertThat(key).containsOnly((byte) 0);
      byte[] c = new byte[64];
      assertThat(curve25519xsalsa20poly1305.crypto_box(c, new byte[64], 64, NONCE, peer, ALICE_SECRET))
          .isEqualTo(-1);
      assertThat(curve25519xsalsa20poly1305.crypto_box_open(new byte[64], c, 64, NONCE, peer, ALICE_SECRET))
          .isEqualTo(-1);
    }
  }

  @Test
  void theTopBitOfAPeerKeyIsIgnored() {
    byte[] withTopBit = BOB_PUBLIC.clone();
    withTopBit[31] |= (byte) 0x80;
    byte[] key = new byte[32];
    assertThat(curve25519xsalsa20poly1305.crypto_box_beforenm(key, withTopBit, ALICE_SECRET)).isZero();
    assertThat(key).isEqualTo(BOX_KEY);
  }

  @Test
  void keyPairsAreRandomAndConsistent() {
    byte[] pk = new byte[32];
    byte[] sk = new byte[32];
    assertThat(curve25519xsalsa20poly1305.crypto_box_keypair(pk, sk)).isZero();
    byte[] derived = new byte[32];
    curve25519xsalsa20poly1305.crypto_box_getpublickey(derived, sk);
    assertThat(derived).isEqualTo(pk);
    byte[] pk2 = new byte[32];
    byte[] sk2 = new byte[32];
    curve25519xsalsa20poly1305.crypto_box_keypair(pk2, sk2);
    assertThat(sk2).isNotEqualTo(sk);
    assertThat(pk2).isNotEqualTo(pk);
  }

  private static byte[] padded(byte[] message) {
    byte[] m = new byte[32 + message.length];
    System.arraycopy(message, 0, m, 32, message.length);
    return m;
  }

  private static byte[] boxed(byte[] box) {
    byte[] c = new byte[16 + box.length];
    System.arraycopy(box, 0, c, 16, box.length);
    return c;
  }

  private static byte[] hex(String text) {
    return HEX.parseHex(text);
  }
}
