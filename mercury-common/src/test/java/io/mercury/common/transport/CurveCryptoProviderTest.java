package io.mercury.common.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.security.CurveKeyPair;
import io.mercury.nacl.X25519;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/**
 * JeroMQ's CURVE in Mercury runs on mercury-nacl (the JDK's X25519), not on the jnacl JeroMQ depends on:
 * the parent pom excludes jnacl from jeromq and mercury-common depends on mercury-nacl, which has the
 * classes JeroMQ calls under jnacl's names. A build that brought jnacl back would put two copies of
 * those classes on the classpath, and which one ran would depend on the order of the jars.
 */
class CurveCryptoProviderTest {
  private static final String BOX_CLASS = "com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305";

  @Test
  void jeromqsCurveCryptoComesFromMercuryNacl() throws ClassNotFoundException {
    Class<?> box = Class.forName(BOX_CLASS, false, ZMQ.class.getClassLoader());
    assertThat(box.getProtectionDomain().getCodeSource().getLocation().getPath()).contains("mercury-nacl");
  }

  @Test
  void jnaclItselfIsNotOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("com.neilalexander.jnacl.crypto.curve25519"))
        .as("a class only jnacl has")
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void mercuryKeysAreMadeWithIt() {
    CurveKeyPair pair = CurveKeyPair.generate();
    byte[] derived = new byte[32];
    assertThat(X25519.scalarMultBase(derived, ZMQ.Curve.z85Decode(pair.secretKey()))).isTrue();
    assertThat(derived).isEqualTo(ZMQ.Curve.z85Decode(pair.publicKey()));
  }
}
