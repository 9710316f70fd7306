package io.mercury.common.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.store.audit.MemoryAudit;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The dispatcher behind a real ROUTER socket: every malformed request gets a clear error reply. */
class DispatcherTest {
  private static ZContext ctx;
  private static RouterServer server;
  private static ServiceClient client;
  private static MemoryAudit audit;

  @BeforeAll
  static void start() {
    ctx = new ZContext();
    audit = new MemoryAudit();
    EndpointRegistry registry =
        new EndpointRegistry()
            .register(
                "add",
                Access.READ,
                args -> args.integer("a") + args.integer("b"),
                Param.required("a", ParamType.INTEGER),
                Param.optional("b", ParamType.INTEGER, 10L))
            .register(
                "describe",
                Access.READ,
                args -> args.string("name") + ":" + args.map("opts"),
                Param.required("name", ParamType.STRING),
                Param.optional("opts", ParamType.MAP, Map.of()))
            .register(
                "refuse",
                Access.READ,
                args -> {
                  throw new EndpointException("Cannot update mercury_id with this method");
                })
            .register(
                "crash",
                Access.READ,
                args -> {
                  throw new IllegalStateException("database on fire");
                })
            .register(
                "store_away",
                Access.READ,
                args -> {
                  throw new TryAgainException("the store is unreachable", new IllegalStateException("connection refused"));
                });
    server =
        new RouterServer(
            ctx, ServerSettings.of("dispatch-test", "tcp://127.0.0.1:0"), new Dispatcher("t", registry, audit.trail("t")));
    client = new ServiceClient(ctx, server.start(), ClientSettings.defaults("dispatch-test"));
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
    ctx.close();
    audit.close();
  }

  private static Reply send(Object message) throws Exception {
    return Reply.fromWire(client.exchange(message, true));
  }

  private static Map<String, Object> request(String endpoint, List<Object> args, Map<String, Object> kwargs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpoint", endpoint);
    if (args != null) {
      m.put("args", args);
    }
    if (kwargs != null) {
      m.put("kwargs", kwargs);
    }
    return m;
  }

  static Stream<Arguments> calls() {
    Map<String, Object> nullB = new HashMap<>();
    nullB.put("b", null);
    return Stream.of(
        Arguments.of(request("add", List.of(1L, 2L), null), Reply.ok(3L)),
        Arguments.of(request("add", List.of(1L), null), Reply.ok(11L)),
        Arguments.of(request("add", null, Map.of("a", 5L, "b", 1L)), Reply.ok(6L)),
        Arguments.of(request("add", List.of(5L), nullB), Reply.ok(15L)),
        Arguments.of(request("add", List.of(2.0, 1L), null), Reply.ok(3L)),
        Arguments.of(request("describe", List.of("x"), Map.of("opts", Map.of("k", 1L))), Reply.ok("x:{k=1}")),
        Arguments.of(
            request("add", List.of(), null), Reply.failure("add() missing required argument: 'a'")),
        Arguments.of(
            request("add", List.of(1L, 2L, 3L), null),
            Reply.failure("add() takes 2 positional arguments but 3 were given")),
        Arguments.of(
            request("add", List.of(1L), Map.of("c", 1L)),
            Reply.failure("add() got an unexpected keyword argument 'c'")),
        Arguments.of(
            request("add", List.of(1L), Map.of("a", 1L)),
            Reply.failure("add() got multiple values for argument 'a'")),
        Arguments.of(
            request("add", List.of("one"), null),
            Reply.failure("add() argument 'a' must be int, not str")),
        Arguments.of(
            request("add", List.of(1.5), null),
            Reply.failure("add() argument 'a' must be int, not float")),
        Arguments.of(
            request("describe", List.of("x", List.of()), null),
            Reply.failure("describe() argument 'opts' must be dict, not list")),
        Arguments.of(
            request("add", Arrays.asListWithNull(), null),
            Reply.failure("add() argument 'a' must not be None")),
        Arguments.of(
            request("add", null, Map.of()), Reply.failure("add() missing required argument: 'a'")),
        Arguments.of(
            request("refuse", null, null), Reply.failure("Cannot update mercury_id with this method")),
        Arguments.of(Map.of("args", List.of()), Reply.failure("Endpoint not specified in message")),
        Arguments.of(Map.of("endpoint", 7L), Reply.failure("Client error, endpoint must be a string")),
        Arguments.of(
            request("nope", null, null),
            Reply.failure("Endpoint is not supported: nope (supported: add, crash, describe, refuse, store_away)")),
        Arguments.of(
            Map.of("endpoint", "add", "args", "1"), Reply.failure("Client error, args must be a list")),
        Arguments.of(
            Map.of("endpoint", "add", "kwargs", List.of()),
            Reply.failure("Client error, kwargs must be a map")),
        Arguments.of(List.of("endpoint", "add"), Reply.failure("Client error, message is not a map (got list)")),
        Arguments.of("add", Reply.failure("Client error, message is not a map (got str)")));
  }

  @ParameterizedTest
  @MethodSource("calls")
  void eachCallGetsExactlyTheExpectedReply(Object message, Reply expected) throws Exception {
    assertThat(send(message)).isEqualTo(expected);
  }

  @Test
  void anUnexpectedExceptionIsReportedWithATraceback() throws Exception {
    Reply reply = send(request("crash", null, null));
    assertThat(reply)
        .isInstanceOfSatisfying(
            Reply.Failure.class,
            f -> {
              assertThat(f.message()).isEqualTo("database on fire");
              assertThat(f.traceback()).isNotEmpty();
              assertThat(f.traceback().get(0)).contains("IllegalStateException");
            });
  }

  @Test
  void aPassingFailureTellsTheCallerToTryAgainWithoutATraceback() throws Exception {
    Reply reply = send(request("store_away", null, null));
    assertThat(reply).isEqualTo(Reply.failure("Server busy, the store is unreachable; try again later"));
  }

  @Test
  void keepAliveIsConfirmedAsTheOriginalDoes() throws Exception {
    assertThat(client.exchange(KeepAlive.REQUEST, true)).isEqualTo(KeepAlive.CONFIRMATION);
  }

  @Test
  void bytesThatAreNotMsgpackGetAnErrorAndTheServerStillAnswers() throws Exception {
    try (ZMQ.Socket req = ctx.createSocket(SocketType.REQ)) {
      req.setReceiveTimeOut(5000);
      req.connect(server.endpoint());
      req.send(new byte[] {(byte) 0xc1, 0x01, 0x02});
      Reply reply = Reply.fromWire(MsgPack.decode(req.recv(0)));
      assertThat(reply)
          .isInstanceOfSatisfying(
              Reply.Failure.class,
              f -> assertThat(f.message()).startsWith("Client error, message is malformed"));
    }
    assertThat(client.invoke(Request.of("add", 20L, 22L), true)).isEqualTo(42L);
  }

  /** List.of refuses nulls; the wire allows them. */
  private static final class Arrays {
    static List<Object> asListWithNull() {
      List<Object> l = new ArrayList<>();
      l.add(null);
      return l;
    }
  }
}
