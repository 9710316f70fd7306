package io.mercury.nacl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * JeroMQ's CURVE over real TCP sockets with this module in jnacl's place, JeroMQ on both ends: keys made
 * by {@code ZMQ.Curve.generateKeyPair} (our {@code crypto_box_keypair}), the handshake (our box, open
 * and secretbox), then messages both ways (our {@code afternm} boxes), small and large.
 */
class JeromqCurveTest {
  private ZContext context;

  @BeforeEach
  void setUp() {
    context = new ZContext();
  }

  @AfterEach
  void tearDown() {
    context.close();
  }

  @Test
  void jeromqRunsOnThisModuleAndJnaclIsNotThere() {
    String location =
        curve25519xsalsa20poly1305.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(location).as("where JeroMQ's jnacl classes come from").doesNotContain("jnacl");
    assertThatThrownBy(() -> Class.forName("com.neilalexander.jnacl.crypto.curve25519"))
        .as("a class only jnacl has")
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aCurveClientAndServerTalkBothWays() {
    ZMQ.Curve.KeyPair serverKeys = ZMQ.Curve.generateKeyPair();
    ZMQ.Curve.KeyPair clientKeys = ZMQ.Curve.generateKeyPair();
    ZMQ.Socket router = curveServer(serverKeys);
    int port = router.bindToRandomPort("tcp://127.0.0.1");
    ZMQ.Socket dealer = curveClient(clientKeys, serverKeys.publicKey);
    dealer.connect("tcp://127.0.0.1:" + port);

    Random random = new Random(7);
    for (int size : new int[] {0, 1, 31, 32, 255, 256, 4096, 300_000}) {
      byte[] request = new byte[size];
      random.nextBytes(request);
      assertThat(dealer.send(request)).isTrue();
      byte[] identity = router.recv();
      assertThat(identity).as("request of %d bytes reached the server", size).isNotNull();
      assertThat(router.recv()).isEqualTo(request);

      byte[] reply = Arrays.copyOf(request, size + 1);
      router.sendMore(identity);
      router.send(reply);
      assertThat(dealer.recv()).as("reply to %d bytes", size).isEqualTo(reply);
    }
  }

  @Test
  @SuppressWarnings("deprecation") // destroySocket, as in mercury-common transport
  void manyHandshakesInARowEachSucceed() {
    ZMQ.Curve.KeyPair serverKeys = ZMQ.Curve.generateKeyPair();
    ZMQ.Socket router = curveServer(serverKeys);
    int port = router.bindToRandomPort("tcp://127.0.0.1");
    for (int i = 0; i < 20; i++) {
      ZMQ.Socket dealer = curveClient(ZMQ.Curve.generateKeyPair(), serverKeys.publicKey);
      dealer.connect("tcp://127.0.0.1:" + port);
      dealer.send("hello " + i);
      byte[] identity = router.recv();
      assertThat(identity).as("handshake %d", i).isNotNull();
      assertThat(router.recvStr()).isEqualTo("hello " + i);
      router.sendMore(identity);
      router.send("ok " + i);
      assertThat(dealer.recvStr()).isEqualTo("ok " + i);
      context.destroySocket(dealer);
    }
  }

  @Test
  void aClientWithTheWrongServerKeyGetsNothingThrough() {
    ZMQ.Curve.KeyPair serverKeys = ZMQ.Curve.generateKeyPair();
    ZMQ.Socket router = curveServer(serverKeys);
    router.setReceiveTimeOut(1500);
    int port = router.bindToRandomPort("tcp://127.0.0.1");
    ZMQ.Socket dealer = curveClient(ZMQ.Curve.generateKeyPair(), ZMQ.Curve.generateKeyPair().publicKey);
    dealer.connect("tcp://127.0.0.1:" + port);
    dealer.send("hello".getBytes(StandardCharsets.UTF_8), ZMQ.DONTWAIT);
    assertThat(router.recv()).as("the server cannot open the HELLO of a client with the wrong key").isNull();
  }

  private ZMQ.Socket curveServer(ZMQ.Curve.KeyPair keys) {
    ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
    router.setLinger(0);
    router.setReceiveTimeOut(10_000);
    router.setCurveServer(true);
    router.setCurvePublicKey(ZMQ.Curve.z85Decode(keys.publicKey));
    router.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey));
    return router;
  }

  private ZMQ.Socket curveClient(ZMQ.Curve.KeyPair keys, String serverPublicKey) {
    ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setReceiveTimeOut(10_000);
    dealer.setCurveServerKey(ZMQ.Curve.z85Decode(serverPublicKey));
    dealer.setCurvePublicKey(ZMQ.Curve.z85Decode(keys.publicKey));
    dealer.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey));
    return dealer;
  }
}
