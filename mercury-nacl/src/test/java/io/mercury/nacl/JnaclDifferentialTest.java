package io.mercury.nacl;

import static org.assertj.core.api.Assertions.assertThat;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import com.neilalexander.jnacl.crypto.xsalsa20poly1305;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * This module against the jnacl it replaces, byte for byte, both ways: random secret keys give the same
 * public keys and box keys, random messages (0 to 300 bytes) give the same boxes and secretboxes, each
 * side opens the other's, and ours refuses a box with a flipped byte (jnacl does not always: it opened
 * some in this test, so its count is printed, not checked).
 *
 * <p>jnacl's classes have the names of ours, so its jar stays off the test classpath (the pom's surefire
 * configuration) and is loaded here by a class loader of its own, from {@code -Djnacl.jar}. Seeded, so a
 * failure can be replayed: the seed is in each assertion's description.
 */
class JnaclDifferentialTest {
  private static final int CASES = 300;
  private static final long SEED = 0x6d65726375727931L ^ System.nanoTime();

  private static URLClassLoader loader;
  private static Jnacl jnacl;

  @BeforeAll
  static void loadJnacl() throws Exception {
    String jar = System.getProperty("jnacl.jar");
    assertThat(jar).as("-Djnacl.jar (set by the pom)").isNotBlank();
    assertThat(Files.isRegularFile(Path.of(jar))).as("jnacl jar %s", jar).isTrue();
    loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    jnacl = new Jnacl(loader);
  }

  @AfterAll
  static void close() throws IOException {
    loader.close();
  }

  @Test
  void theTwoAreDifferentClasses() {
    assertThat(jnacl.boxClass).isNotSameAs(curve25519xsalsa20poly1305.class);
    assertThat(jnacl.boxClass.getName()).isEqualTo(curve25519xsalsa20poly1305.class.getName());
    assertThat(curve25519xsalsa20poly1305.class.getClassLoader()).isNotSameAs(loader);
  }

  @Test
  void keysAgree() throws Throwable {
    Random random = new Random(SEED);
    for (int i = 0; i < CASES; i++) {
      String as = "seed %d case %d".formatted(SEED, i);
      byte[] sk = bytes(random, 32);
      byte[] ours = new byte[32];
      byte[] theirs = new byte[32];
      assertThat(curve25519xsalsa20poly1305.crypto_box_getpublickey(ours, sk)).isZero();
      assertThat((int) jnacl.getPublicKey.invokeExact(theirs, sk)).isZero();
      assertThat(ours).as(as).isEqualTo(theirs);

      // any 32 bytes with the top bit clear as the peer's key: jnacl does not mask the top bit as RFC 7748
      // (and libsodium, libzmq) do, so keys with it set differ (NaclKnownAnswerTest checks ours ignore it)
      byte[] peer = bytes(random, 32);
      peer[31] &= 0x7f;
      byte[] ourKey = new byte[32];
      byte[] theirKey = new byte[32];
      assertThat(curve25519xsalsa20poly1305.crypto_box_beforenm(ourKey, peer, sk)).as(as).isZero();
      assertThat((int) jnacl.beforenm.invokeExact(theirKey, peer, sk)).isZero();
      assertThat(ourKey).as(as).isEqualTo(theirKey);
    }
  }

  @Test
  void keyPairsOfEachAreValidForTheOther() throws Throwable {
    for (int i = 0; i < 20; i++) {
      byte[] pk = new byte[32];
      byte[] sk = new byte[32];
      assertThat(curve25519xsalsa20poly1305.crypto_box_keypair(pk, sk)).isZero();
      byte[] derived = new byte[32];
      assertThat((int) jnacl.getPublicKey.invokeExact(derived, sk)).isZero();
      assertThat(derived).isEqualTo(pk);

      assertThat((int) jnacl.keyPair.invokeExact(pk, sk)).isZero();
      assertThat(curve25519xsalsa20poly1305.crypto_box_getpublickey(derived, sk)).isZero();
      assertThat(derived).isEqualTo(pk);
    }
  }

  @Test
  void boxesAgreeAndOpenBothWays() throws Throwable {
    Random random = new Random(SEED + 1);
    int jnaclOpenedTampered = 0;
    for (int i = 0; i < CASES; i++) {
      String as = "seed %d case %d".formatted(SEED + 1, i);
      byte[] aliceSk = bytes(random, 32);
      byte[] bobSk = bytes(random, 32);
      byte[] alicePk = new byte[32];
      byte[] bobPk = new byte[32];
      curve25519xsalsa20poly1305.crypto_box_getpublickey(alicePk, aliceSk);
      curve25519xsalsa20poly1305.crypto_box_getpublickey(bobPk, bobSk);
      byte[] nonce = bytes(random, 24);
      byte[] m = padded(random, random.nextInt(301));
      int len = m.length;

      byte[] ours = new byte[len];
      byte[] theirs = new byte[len];
      assertThat(curve25519xsalsa20poly1305.crypto_box(ours, m, len, nonce, bobPk, aliceSk)).as(as).isZero();
      assertThat((int) jnacl.box.invokeExact(theirs, m, (long) len, nonce, bobPk, aliceSk)).isZero();
      assertThat(ours).as(as).isEqualTo(theirs);

      byte[] openedByUs = new byte[len];
      byte[] openedByJnacl = new byte[len];
      assertThat(curve25519xsalsa20poly1305.crypto_box_open(openedByUs, theirs, len, nonce, alicePk, bobSk))
          .as(as)
          .isZero();
      assertThat((int) jnacl.open.invokeExact(openedByJnacl, ours, (long) len, nonce, alicePk, bobSk)).isZero();
      assertThat(openedByUs).as(as).isEqualTo(m).isEqualTo(openedByJnacl);

      // the precomputed key, as JeroMQ uses it for every message after the handshake
      byte[] k = new byte[32];
      curve25519xsalsa20poly1305.crypto_box_beforenm(k, bobPk, aliceSk);
      byte[] afterOurs = new byte[len];
      byte[] afterTheirs = new byte[len];
      assertThat(curve25519xsalsa20poly1305.crypto_box_afternm(afterOurs, m, len, nonce, k)).isZero();
      assertThat((int) jnacl.afternm.invokeExact(afterTheirs, m, (long) len, nonce, k)).isZero();
      assertThat(afterOurs).as(as).isEqualTo(afterTheirs).isEqualTo(ours);
      byte[] back = new byte[len];
      assertThat((int) jnacl.openAfternm.invokeExact(back, afterOurs, (long) len, nonce, k)).isZero();
      assertThat(back).as(as).isEqualTo(m);
      assertThat(curve25519xsalsa20poly1305.crypto_box_open_afternm(back, afterTheirs, len, nonce, k)).isZero();
      assertThat(back).as(as).isEqualTo(m);

      // a flipped byte past the leading zeros: both refuse
      byte[] tampered = ours.clone();
      tampered[16 + random.nextInt(len - 16)] ^= (byte) (1 + random.nextInt(255));
      assertThat(curve25519xsalsa20poly1305.crypto_box_open(new byte[len], tampered, len, nonce, alicePk, bobSk))
          .as(as)
          .isEqualTo(-1);
      if ((int) jnacl.open.invokeExact(new byte[len], tampered, (long) len, nonce, alicePk, bobSk) == 0) {
        jnaclOpenedTampered++;
      }
    }
    // jnacl sometimes opens a tampered box (a bug of its own; ours never does): counted, not required
    System.out.printf("jnacl opened %d of %d tampered boxes%n", jnaclOpenedTampered, CASES);
  }

  @Test
  void secretboxesAgreeAndOpenBothWays() throws Throwable {
    Random random = new Random(SEED + 2);
    int jnaclOpenedTampered = 0;
    for (int i = 0; i < CASES; i++) {
      String as = "seed %d case %d".formatted(SEED + 2, i);
      byte[] key = bytes(random, 32);
      byte[] nonce = bytes(random, 24);
      byte[] m = padded(random, random.nextInt(301));
      int len = m.length;
      byte[] ours = new byte[len];
      byte[] theirs = new byte[len];
      assertThat(xsalsa20poly1305.crypto_secretbox(ours, m, len, nonce, key)).isZero();
      assertThat((int) jnacl.secretbox.invokeExact(theirs, m, (long) len, nonce, key)).isZero();
      assertThat(ours).as(as).isEqualTo(theirs);

      byte[] openedByUs = new byte[len];
      byte[] openedByJnacl = new byte[len];
      assertThat(xsalsa20poly1305.crypto_secretbox_open(openedByUs, theirs, len, nonce, key)).isZero();
      assertThat((int) jnacl.secretboxOpen.invokeExact(openedByJnacl, ours, (long) len, nonce, key)).isZero();
      assertThat(openedByUs).as(as).isEqualTo(m).isEqualTo(openedByJnacl);

      byte[] tampered = ours.clone();
      tampered[16 + random.nextInt(len - 16)] ^= (byte) (1 + random.nextInt(255));
      assertThat(xsalsa20poly1305.crypto_secretbox_open(new byte[len], tampered, len, nonce, key)).isEqualTo(-1);
      if ((int) jnacl.secretboxOpen.invokeExact(new byte[len], tampered, (long) len, nonce, key) == 0) {
        jnaclOpenedTampered++;
      }
    }
    System.out.printf("jnacl opened %d of %d tampered secretboxes%n", jnaclOpenedTampered, CASES);
  }

  /** 32 zero bytes, then {@code length} random bytes: NaCl's message layout. */
  private static byte[] padded(Random random, int length) {
    byte[] m = new byte[32 + length];
    byte[] body = bytes(random, length);
    System.arraycopy(body, 0, m, 32, length);
    return m;
  }

  private static byte[] bytes(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  /** jnacl's static methods, from the class loader of its own jar. */
  private static final class Jnacl {
    final Class<?> boxClass;
    final MethodHandle keyPair;
    final MethodHandle getPublicKey;
    final MethodHandle beforenm;
    final MethodHandle afternm;
    final MethodHandle openAfternm;
    final MethodHandle box;
    final MethodHandle open;
    final MethodHandle secretbox;
    final MethodHandle secretboxOpen;

    Jnacl(ClassLoader loader) throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      boxClass = Class.forName("com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305", true, loader);
      Class<?> secret = Class.forName("com.neilalexander.jnacl.crypto.xsalsa20poly1305", true, loader);
      MethodType two = MethodType.methodType(int.class, byte[].class, byte[].class);
      MethodType three = MethodType.methodType(int.class, byte[].class, byte[].class, byte[].class);
      MethodType withKey =
          MethodType.methodType(int.class, byte[].class, byte[].class, long.class, byte[].class, byte[].class);
      MethodType withKeys = withKey.appendParameterTypes(byte[].class);
      keyPair = lookup.findStatic(boxClass, "crypto_box_keypair", two);
      getPublicKey = lookup.findStatic(boxClass, "crypto_box_getpublickey", two);
      beforenm = lookup.findStatic(boxClass, "crypto_box_beforenm", three);
      afternm = lookup.findStatic(boxClass, "crypto_box_afternm", withKey);
      openAfternm = lookup.findStatic(boxClass, "crypto_box_open_afternm", withKey);
      box = lookup.findStatic(boxClass, "crypto_box", withKeys);
      open = lookup.findStatic(boxClass, "crypto_box_open", withKeys);
      secretbox = lookup.findStatic(secret, "crypto_secretbox", withKey);
      secretboxOpen = lookup.findStatic(secret, "crypto_secretbox_open", withKey);
    }
  }
}
