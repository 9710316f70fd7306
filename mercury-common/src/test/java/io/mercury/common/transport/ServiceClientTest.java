package io.mercury.common.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

class ServiceClientTest {
  private ZContext ctx;

  @BeforeEach
  void setUp() {
    ctx = new ZContext();
  }

  @AfterEach
  void tearDown() {
    ctx.close();
  }

  /** Replies with the request's endpoint name and first argument. */
  private static byte[] echoRequest(byte[] payload, io.mercury.common.security.Caller caller) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) MsgPack.decode(payload);
      return MsgPack.encode(Reply.ok(((List<?>) m.get("args")).get(0)).toWire());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void manyThreadsShareOneClientAndEachGetsItsOwnReply() throws Exception {
    try (RouterServer server =
            new RouterServer(
                ctx, ServerSettings.of("echo", "tcp://127.0.0.1:0"), ServiceClientTest::echoRequest);
        ServiceClient client =
            new ServiceClient(ctx, server.start(), ClientSettings.defaults("echo"))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (long i = 0; i < 200; i++) {
                    String token = thread + "-" + i;
                    Object reply = client.invoke(Request.of("echo", token), true);
                    if (!token.equals(reply)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
      }
      pool.shutdown();
      // 1,600 requests and the one keep-alive probe that proved the connection; the server counts a
      // reply after writing it, so the last one can reach the client first.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.stats().replied()).isEqualTo(1601));
    }
  }

  @Test
  void aFailureReplyBecomesARemoteException() throws Exception {
    try (RouterServer server =
            new RouterServer(
                ctx,
                ServerSettings.of("failing", "tcp://127.0.0.1:0"),
                (payload, caller) -> MsgPack.encode(Reply.failure("no such device").toWire()));
        ServiceClient client =
            new ServiceClient(ctx, server.start(), ClientSettings.defaults("failing"))) {
      assertThatThrownBy(() -> client.invoke(Request.of("get_one", "x"), true))
          .isInstanceOf(RemoteException.class)
          .hasMessage("no such device");
    }
  }

  @Test
  void anUnreachableServiceFailsAfterEveryAttemptWithAClearMessage() {
    ClientSettings settings =
        ClientSettings.defaults("inventory").withTimeout(Duration.ofMillis(200)).withRetries(2);
    try (ServiceClient client = new ServiceClient(ctx, "tcp://127.0.0.1:1", settings)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.call(Request.of("count", Map.of()), true))
          .isInstanceOf(TransportException.class)
          .hasMessage(
              "cannot connect to inventory at tcp://127.0.0.1:1 within 600ms (3 attempts); the request was not sent")
          .satisfies(e -> {
            TransportException t = (TransportException) e;
            assertThat(t.reach()).isEqualTo(Reach.REFUSED);
            assertThat(t.sent()).isFalse();
            assertThat(t.waited()).isEqualTo(Duration.ofMillis(600));
          });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aClientForAPersonGivesUpOnARefusedConnectionAfterASecond() {
    ClientSettings settings =
        ClientSettings.defaults("inventory").withTimeout(Duration.ofSeconds(20)).withRetries(0).withFailFastWhenRefused();
    try (ServiceClient client = new ServiceClient(ctx, "tcp://127.0.0.1:1", settings)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.call(Request.of("count", Map.of()), true))
          .isInstanceOf(TransportException.class)
          .hasMessage("nothing listens at tcp://127.0.0.1:1 (connection refused); the request was not sent");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aNonIdempotentRequestIsSentOnceAndNeverResent() throws Exception {
    AtomicInteger received = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ClientSettings settings =
        ClientSettings.defaults("slow").withTimeout(Duration.ofMillis(300)).withRetries(3);
    try (RouterServer server =
            new RouterServer(
                ctx,
                ServerSettings.of("slow", "tcp://127.0.0.1:0"),
                (payload, from) -> {
                  received.incrementAndGet();
                  try {
                    release.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return echoRequest(payload, from);
                });
        ServiceClient client = new ServiceClient(ctx, server.start(), settings)) {
      assertThatThrownBy(() -> client.call(Request.of("create_job", "q"), false))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("not resent because it is not idempotent");
      release.countDown();
      assertThat(received.get()).isEqualTo(1);
      // The late reply of the abandoned call is dropped, and the client goes on working.
      assertThat(client.invoke(Request.of("echo", "after"), true)).isEqualTo("after");
    }
  }

  /**
   * Regression: each time the client replaced a connection that had not come up, it queued the waiting
   * request once more, so the service later received (and ran) several copies.
   */
  @Test
  void aRequestWaitingThroughSeveralReconnectsReachesALateServiceExactlyOnce() throws Exception {
    int port;
    try (RouterServer probe =
        new RouterServer(
            ctx, ServerSettings.of("probe", "tcp://127.0.0.1:0"), ServiceClientTest::echoRequest)) {
      String endpoint = probe.start();
      port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }
    String endpoint = "tcp://127.0.0.1:" + port;
    AtomicInteger received = new AtomicInteger();
    ClientSettings settings =
        ClientSettings.defaults("late").withTimeout(Duration.ofSeconds(20)).withRetries(0);
    try (ServiceClient client = new ServiceClient(ctx, endpoint, settings)) {
      ExecutorService caller = Executors.newSingleThreadExecutor();
      Future<Object> reply = caller.submit(() -> client.invoke(Request.of("echo", "hi"), true));
      await().atMost(Duration.ofSeconds(15)).until(() -> client.reconnects() >= 2);
      try (RouterServer server =
          new RouterServer(
              ctx,
              ServerSettings.of("late", endpoint),
              (payload, from) -> {
                if (Arrays.equals(payload, MsgPack.encode(KeepAlive.REQUEST))) {
                  return MsgPack.encode(KeepAlive.CONFIRMATION);
                }
                received.incrementAndGet();
                return echoRequest(payload, from);
              })) {
        server.start();
        assertThat(reply.get(30, TimeUnit.SECONDS)).isEqualTo("hi");
        // A late duplicate would be served right after the first copy; the keep-alive round trip below
        // on the same connection is answered only after anything queued before it.
        assertThat(client.exchange(KeepAlive.REQUEST, true)).isEqualTo(KeepAlive.CONFIRMATION);
        assertThat(received.get()).isEqualTo(1);
      }
      caller.shutdown();
    }
  }

  /**
   * Closing the shared context while a client still runs (a daemon stopping, a test's teardown) ends the
   * client and lets the context terminate. The client used to have its sockets closed from the closing
   * thread while its loop polled them, and about one close in ten then waited forever (CI hung on it).
   * JeroMQ 0.6.0 can still wedge a context that terminates while a socket is connecting or retrying a
   * refused connection (its reaper), which no client can prevent: close clients first. This checks a
   * connected client between requests.
   */
  @Test
  void closingTheSharedContextUnderARunningClientTerminates() throws Exception {
    try (RouterServer server = new RouterServer(ctx, ServerSettings.of("echo", "tcp://127.0.0.1:0"), ServiceClientTest::echoRequest)) {
      String endpoint = server.start();
      for (int i = 0; i < 30; i++) {
        ZContext shared = new ZContext();
        ServiceClient client = new ServiceClient(shared, endpoint, ClientSettings.defaults("echo"));
        assertThat(client.invoke(Request.of("echo", "before"), true)).isEqualTo("before");
        assertTimeoutPreemptively(Duration.ofSeconds(10), shared::close, "context close " + i + " hung");
        assertThatThrownBy(() -> client.exchange(KeepAlive.REQUEST, true))
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("closed");
        client.close();
      }
    }
  }

  /**
   * A client that cannot open its connection (the context, or the process, is out of sockets: a
   * reconnect storm leaves replaced sockets waiting for JeroMQ's reaper) keeps trying and serves calls
   * once sockets are free again. Its loop used to end on the first failure, silently, and every later
   * call failed with "client is closed": an agent that would never reach its backend again.
   */
  @Test
  void aClientThatCannotOpenItsConnectionTriesAgainUntilItCan() throws Exception {
    try (RouterServer server = new RouterServer(ctx, ServerSettings.of("echo", "tcp://127.0.0.1:0"), ServiceClientTest::echoRequest);
        ZContext crowded = new ZContext(1)) {
      String endpoint = server.start();
      crowded.getContext().setMaxSockets(16);
      List<org.zeromq.ZMQ.Socket> fillers = new ArrayList<>();
      try {
        while (true) {
          fillers.add(crowded.createSocket(org.zeromq.SocketType.PAIR));
        }
      } catch (org.zeromq.ZMQException full) {
        // every slot of the context is taken
      }
      assertThat(fillers).isNotEmpty();
      try (ServiceClient client = new ServiceClient(crowded, endpoint, ClientSettings.defaults("echo").withTimeout(Duration.ofSeconds(30)).withRetries(0))) {
        Future<Object> call = Executors.newVirtualThreadPerTaskExecutor().submit(() -> client.invoke(Request.of("echo", "at last"), true));
        // the loop has tried and failed (the call is still waiting, not failed with "client is closed")
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !call.isDone());
        fillers.forEach(org.zeromq.ZMQ.Socket::close);
        assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("at last");
      }
    }
  }

  @Test
  void aRequestOverTheClientLimitIsRefusedBeforeSending() {
    ClientSettings settings = ClientSettings.defaults("x").withMaxMessageBytes(2048);
    try (ServiceClient client = new ServiceClient(ctx, "tcp://127.0.0.1:1", settings)) {
      assertThatThrownBy(() -> client.call(Request.of("echo", "y".repeat(5000)), true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exceeds the limit of 2048 bytes");
    }
  }
}
