package io.mercury.common.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class RouterServerTest {
  private ZContext ctx;

  @BeforeEach
  void setUp() {
    ctx = new ZContext();
  }

  @AfterEach
  void tearDown() {
    ctx.close();
  }

  private RouterServer start(ServerSettings settings, MessageHandler handler) {
    RouterServer server = new RouterServer(ctx, settings, handler);
    server.start();
    return server;
  }

  /** A handler that holds its worker until released, to fill the pool. */
  private static final class Blocking implements MessageHandler {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public byte[] handle(byte[] payload, Caller caller) {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return echoMap(payload, caller);
    }
  }

  private static byte[] echoMap(byte[] payload, io.mercury.common.security.Caller caller) {
    try {
      return MsgPack.encode(Reply.ok(MsgPack.decode(payload)).toWire());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<byte[]> rawExchange(String endpoint, byte[]... frames) {
    return RawDealer.exchange(ctx, endpoint, Duration.ofSeconds(5), frames);
  }

  private static Reply decodeReply(byte[] bytes) throws Exception {
    return Reply.fromWire(MsgPack.decode(bytes));
  }

  @Test
  void bindsAnEphemeralPortAndAnswersAnOriginalStyleReqClient() throws Exception {
    try (RouterServer server =
        start(ServerSettings.of("test", "tcp://127.0.0.1:0"), RouterServerTest::echoMap)) {
      assertThat(server.endpoint()).matches("tcp://127\\.0\\.0\\.1:\\d+");
      try (ZMQ.Socket req = ctx.createSocket(SocketType.REQ)) {
        req.setReceiveTimeOut(5000);
        req.connect(server.endpoint());
        req.send(MsgPack.encode(Map.of("hello", "world")));
        Reply reply = decodeReply(req.recv(0));
        assertThat(reply).isEqualTo(Reply.ok(Map.of("hello", "world")));
      }
    }
  }

  @Test
  void wildcardBindIsReportedAsLoopback() {
    try (RouterServer server =
        start(ServerSettings.of("test", "tcp://*:0"), RouterServerTest::echoMap)) {
      assertThat(server.endpoint()).startsWith("tcp://127.0.0.1:");
    }
  }

  @Test
  void aBusyPortFailsStartWithTheAddressInTheMessage() {
    try (RouterServer first =
        start(ServerSettings.of("first", "tcp://127.0.0.1:0"), RouterServerTest::echoMap)) {
      RouterServer second =
          new RouterServer(
              ctx, ServerSettings.of("second", first.endpoint()), RouterServerTest::echoMap);
      assertThatThrownBy(second::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(first.endpoint());
    }
  }

  @Test
  void aMessageWithFewerThanThreeFramesGetsAnErrorAndTheServerKeepsServing() throws Exception {
    try (RouterServer server =
        start(ServerSettings.of("test", "tcp://127.0.0.1:0"), RouterServerTest::echoMap)) {
      List<byte[]> reply = rawExchange(server.endpoint(), MsgPack.encode(Map.of("a", 1L)));
      assertThat(reply).hasSize(1);
      assertThat(decodeReply(reply.get(0)))
          .isInstanceOfSatisfying(
              Reply.Failure.class, f -> assertThat(f.message()).contains("2 frame(s)"));

      List<byte[]> ok =
          rawExchange(server.endpoint(), new byte[0], MsgPack.encode(Map.of("a", 1L)));
      assertThat(decodeReply(ok.get(1))).isEqualTo(Reply.ok(Map.of("a", 1L)));
      assertThat(server.stats().malformedFrames()).isEqualTo(1);
    }
  }

  @Test
  void aMultiFrameEnvelopeFromAProxyIsReturnedIntact() throws Exception {
    try (RouterServer server =
        start(ServerSettings.of("test", "tcp://127.0.0.1:0"), RouterServerTest::echoMap)) {
      byte[] hop = "hop-1".getBytes(StandardCharsets.UTF_8);
      List<byte[]> reply =
          rawExchange(server.endpoint(), hop, new byte[0], MsgPack.encode(Map.of("x", "y")));
      assertThat(reply).hasSize(3);
      assertThat(reply.get(0)).isEqualTo(hop);
      assertThat(reply.get(1)).isEmpty();
      assertThat(decodeReply(reply.get(2))).isEqualTo(Reply.ok(Map.of("x", "y")));
    }
  }

  @Test
  void anOversizeMessageGetsAnErrorNamingTheLimit() throws Exception {
    ServerSettings settings =
        ServerSettings.of("test", "tcp://127.0.0.1:0").withMaxMessageBytes(4096);
    try (RouterServer server = start(settings, RouterServerTest::echoMap)) {
      byte[] big = MsgPack.encode(Map.of("blob", "x".repeat(10_000)));
      List<byte[]> reply = rawExchange(server.endpoint(), new byte[0], big);
      assertThat(decodeReply(reply.get(1)))
          .isInstanceOfSatisfying(
              Reply.Failure.class,
              f -> assertThat(f.message()).contains("exceeds the limit of 4096 bytes"));
      List<byte[]> ok = rawExchange(server.endpoint(), new byte[0], MsgPack.encode(Map.of()));
      assertThat(decodeReply(ok.get(1))).isEqualTo(Reply.ok(Map.of()));
      assertThat(server.stats().oversize()).isEqualTo(1);
    }
  }

  @Test
  void aHandlerThatThrowsGivesAServerErrorReply() throws Exception {
    try (RouterServer server =
        start(
            ServerSettings.of("test", "tcp://127.0.0.1:0"),
            (payload, caller) -> {
              throw new IllegalStateException("boom");
            })) {
      List<byte[]> reply = rawExchange(server.endpoint(), new byte[0], MsgPack.encode(Map.of()));
      assertThat(decodeReply(reply.get(1))).isEqualTo(Reply.failure("Encountered server error, sorry"));
      assertThat(server.stats().handlerFailures()).isEqualTo(1);
    }
  }

  @Test
  void whenEveryWorkerIsBusyAndTheQueueIsFullNewRequestsAreRefusedAtOnce() throws Exception {
    Blocking blocking = new Blocking();
    ServerSettings settings =
        ServerSettings.of("test", "tcp://127.0.0.1:0").withWorkers(1).withQueueCapacity(1);
    try (RouterServer server =
            start(
                settings,
                blocking);
        ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER)) {
      dealer.setReceiveTimeOut(5000);
      dealer.connect(server.endpoint());
      dealer.send(new byte[0], ZMQ.SNDMORE);
      dealer.send(MsgPack.encode(Map.of("n", 1L)));
      assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();
      for (long n = 2; n <= 3; n++) {
        dealer.send(new byte[0], ZMQ.SNDMORE);
        dealer.send(MsgPack.encode(Map.of("n", n)));
      }
      // n=2 waits in the queue; n=3 is refused at once, before the others complete.
      dealer.recv(0);
      assertThat(decodeReply(dealer.recv(0))).isEqualTo(Reply.failure("Server busy, try again later"));
      blocking.release.countDown();
      List<Object> answered = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        dealer.recv(0);
        answered.add(((Reply.Ok) decodeReply(dealer.recv(0))).message());
      }
      assertThat(answered).containsExactly(Map.of("n", 1L), Map.of("n", 2L));
      assertThat(server.stats().busy()).isEqualTo(1);
    }
  }

  @Test
  void aMessageTheHandlerAnswersAtOnceIsAnsweredEvenWhenEveryWorkerIsBusy() throws Exception {
    Blocking blocking = new Blocking();
    // one-byte messages are answered at once; the rest go to the only worker, which is held
    MessageHandler answered =
        new MessageHandler() {
          @Override
          public byte[] handle(byte[] payload, Caller caller) {
            return payload.length == 1 ? MsgPack.encode(Reply.ok("at once").toWire()) : blocking.handle(payload, caller);
          }

          @Override
          public boolean answersOnSocketThread(byte[] payload, Caller caller) {
            return payload.length == 1;
          }
        };
    ServerSettings settings = ServerSettings.of("test", "tcp://127.0.0.1:0").withWorkers(1).withQueueCapacity(1);
    try (RouterServer server = start(settings, answered);
        ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER)) {
      dealer.setReceiveTimeOut(5000);
      dealer.connect(server.endpoint());
      dealer.send(new byte[0], ZMQ.SNDMORE);
      dealer.send(MsgPack.encode(Map.of("n", 1L)));
      assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the only worker is held
      dealer.send(new byte[0], ZMQ.SNDMORE);
      dealer.send(new byte[] {0x01});
      dealer.recv(0);
      assertThat(decodeReply(dealer.recv(0))).isEqualTo(Reply.ok("at once"));
      blocking.release.countDown();
      dealer.recv(0);
      assertThat(decodeReply(dealer.recv(0))).isEqualTo(Reply.ok(Map.of("n", 1L)));
    }
  }

  @Test
  void aKeepAliveIsConfirmedEvenWhenEveryWorkerIsBusy() throws Exception {
    Blocking blocking = new Blocking();
    ServerSettings settings =
        ServerSettings.of("test", "tcp://127.0.0.1:0").withWorkers(1).withQueueCapacity(1);
    try (RouterServer server =
            start(
                settings,
                blocking);
        ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER)) {
      dealer.setReceiveTimeOut(5000);
      dealer.connect(server.endpoint());
      dealer.send(new byte[0], ZMQ.SNDMORE);
      dealer.send(MsgPack.encode(Map.of("slow", true)));
      assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();
      dealer.send(new byte[0], ZMQ.SNDMORE);
      dealer.send(MsgPack.encode(KeepAlive.REQUEST));
      dealer.recv(0);
      assertThat(MsgPack.decode(dealer.recv(0))).isEqualTo(KeepAlive.CONFIRMATION);
      blocking.release.countDown();
    }
  }

  @Test
  void closeLetsARunningRequestFinishAndReply() throws Exception {
    Blocking blocking = new Blocking();
    RouterServer server =
        start(
            ServerSettings.of("test", "tcp://127.0.0.1:0"),
            blocking);
    try (ZMQ.Socket req = ctx.createSocket(SocketType.REQ)) {
      req.setReceiveTimeOut(5000);
      req.connect(server.endpoint());
      req.send(MsgPack.encode(Map.of("slow", true)));
      assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();
      Thread closer = new Thread(server::close);
      closer.start();
      blocking.release.countDown();
      byte[] reply = req.recv(0);
      assertThat(reply).isNotNull();
      closer.join(10_000);
      assertThat(closer.isAlive()).isFalse();
    }
  }
}
