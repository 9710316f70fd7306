package io.mercury.common.protocol.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent protocol's records encode to exactly the bytes of the maps Mercury built by hand before them
 * (the backend's run and cancel messages, the agent's replies, the liveness monitor's ping, the pong
 * service's pong), and read back to the same records. Each case pins the bytes in hex, so neither side can
 * drift with the other.
 */
class AgentWireGoldenTest {
  private static final String ID = "0112426690d3bf5dfa0a1ea1ecf8a2acb2ed1eb6ec";

  static Stream<Arguments> requests() {
    return Stream.of(
        // the backend's OpenTask.rpcMessage, with a timeout
        Arguments.of(
            "run with timeout",
            new RunTask("echo", List.of("hi"), map("k", 1L), "t1", "j1", ID, 2.5),
            map("category", "rpc", "method", "echo", "args", List.of("hi"), "kwargs", map("k", 1L), "task_id", "t1", "job_id", "j1", "mercury_id", ID, "timeout", 2.5),
            "88a863617465676f7279a3727063a66d6574686f64a46563686fa46172677391a26869a66b776172677381a16b01a77461736b5f6964a27431a66a6f625f6964a26a31aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a774696d656f7574cb4004000000000000"),
        // the original backend's message: no mercury_id, no timeout
        Arguments.of(
            "run as the original",
            new RunTask("echo", List.of("hi"), map(), "t1", "j1", null, null),
            map("category", "rpc", "method", "echo", "args", List.of("hi"), "kwargs", map(), "task_id", "t1", "job_id", "j1"),
            "86a863617465676f7279a3727063a66d6574686f64a46563686fa46172677391a26869a66b776172677380a77461736b5f6964a27431a66a6f625f6964a26a31"),
        // OpenTask.cancelMessage
        Arguments.of(
            "cancel",
            new CancelTask("t1", "j1", ID),
            map("category", "cancel", "task_id", "t1", "job_id", "j1", "mercury_id", ID),
            "84a863617465676f7279a663616e63656ca77461736b5f6964a27431a66a6f625f6964a26a31aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestsEncodeAsBeforeAndReadBack(String name, AgentRequest request, Map<String, Object> handBuilt, String hex) throws Exception {
    Map<String, Object> wire = AgentWire.toWire(request);
    assertThat(List.copyOf(wire.keySet())).isEqualTo(List.copyOf(handBuilt.keySet()));
    assertThat(MsgPack.encode(wire)).isEqualTo(MsgPack.encode(handBuilt));
    assertThat(HexFormat.of().formatHex(MsgPack.encode(wire))).isEqualTo(hex);
    assertThat(AgentWire.request(asMap(MsgPack.decode(MsgPack.encode(wire))), m -> true)).isEqualTo(request);
  }

  static Stream<Arguments> replies() {
    return Stream.of(
        Arguments.of(
            "accepted",
            AgentReply.accepted(TaskAccepted.started(1700000000.5)),
            map("message", map("status", 0, "data", map("time_started", 1700000000.5, "message", "Hakuna matata"))),
            "81a76d65737361676582a673746174757300a46461746182ac74696d655f73746172746564cb41d954fc40200000a76d657373616765ad48616b756e61206d6174617461"),
        Arguments.of(
            "duplicate",
            AgentReply.accepted(TaskAccepted.duplicate("t1", 1700000000.5)),
            map("message", map("status", 0, "data", map("time_started", 1700000000.5, "message", "already have task t1", "duplicate", true))),
            "81a76d65737361676582a673746174757300a46461746183ac74696d655f73746172746564cb41d954fc40200000a76d657373616765b4616c72656164792068617665207461736b207431a96475706c6963617465c3"),
        Arguments.of(
            "cancelled",
            AgentReply.cancel(new CancelOutcome(true, "task t1 cancelled")),
            map("message", map("status", 0, "data", map("cancelled", true, "message", "task t1 cancelled"))),
            "81a76d65737361676582a673746174757300a46461746182a963616e63656c6c6564c3a76d657373616765b17461736b2074312063616e63656c6c6564"),
        Arguments.of(
            "busy",
            AgentReply.status(AgentStatus.BUSY, "too many tasks"),
            map("message", map("status", 5, "data", "too many tasks")),
            "81a76d65737361676582a673746174757305a464617461ae746f6f206d616e79207461736b73"),
        Arguments.of(
            "error",
            new AgentReply.Failure("Client error, message is not a map"),
            map("error", true, "message", "Client error, message is not a map"),
            "82a56572726f72c3a76d657373616765da0022436c69656e74206572726f722c206d657373616765206973206e6f742061206d6170"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replies")
  void repliesEncodeAsBeforeAndReadBack(String name, AgentReply reply, Map<String, Object> handBuilt, String hex) throws Exception {
    Map<String, Object> wire = AgentWire.toWire(reply);
    assertThat(MsgPack.encode(wire)).isEqualTo(MsgPack.encode(handBuilt));
    assertThat(HexFormat.of().formatHex(MsgPack.encode(wire))).isEqualTo(hex);
    AgentReply read = AgentWire.reply(MsgPack.decode(MsgPack.encode(wire)));
    switch (reply) {
      case AgentReply.Answer a -> {
        AgentReply.Answer r = (AgentReply.Answer) read;
        assertThat(r.status()).isEqualTo(a.status());
        assertThat(r.text()).isEqualTo(a.text());
      }
      case AgentReply.Failure e -> assertThat(read).isEqualTo(e);
    }
  }

  @Test
  void pingAndPongEncodeAsBeforeAndReadBack() throws Exception {
    Ping ping = new Ping(1700000000.25, ID);
    Map<String, Object> handPing = map("message", "ping", "timestamp", 1700000000.25, "mercury_id", ID);
    assertThat(MsgPack.encode(AgentWire.toWire(ping))).isEqualTo(MsgPack.encode(handPing));
    assertThat(HexFormat.of().formatHex(MsgPack.encode(AgentWire.toWire(ping)))).isEqualTo("83a76d657373616765a470696e67a974696d657374616d70cb41d954fc40100000aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563");
    assertThat(AgentWire.ping(MsgPack.decode(MsgPack.encode(handPing)))).contains(ping);
    assertThat(AgentWire.ping(map("message", "ping"))).contains(new Ping(null, null));

    Pong pong = new Pong(1700000000.75, List.of(0.5, 0.25, 0.125), ID);
    Map<String, Object> handPong = map("timestamp", 1700000000.75, "load", List.of(0.5, 0.25, 0.125), "message", "pong", "mercury_id", ID);
    assertThat(MsgPack.encode(AgentWire.toWire(pong))).isEqualTo(MsgPack.encode(handPong));
    assertThat(HexFormat.of().formatHex(MsgPack.encode(AgentWire.toWire(pong)))).isEqualTo("84a974696d657374616d70cb41d954fc40300000a46c6f616493cb3fe0000000000000cb3fd0000000000000cb3fc0000000000000a76d657373616765a4706f6e67aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563");
    assertThat(AgentWire.pong(MsgPack.decode(MsgPack.encode(handPong)))).isEqualTo(pong);
    Pong original = new Pong(1700000000.75, List.of(0.5, 0.25, 0.125), null);
    assertThat(MsgPack.encode(AgentWire.toWire(original)))
        .isEqualTo(MsgPack.encode(map("timestamp", 1700000000.75, "load", List.of(0.5, 0.25, 0.125), "message", "pong")));
  }

  @Test
  void malformedRepliesNameTheProblem() {
    assertThatThrownBy(() -> AgentWire.reply(List.of()))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessage("unexpected reply from agent rpc: ListN");
    assertThatThrownBy(() -> AgentWire.reply(map("message", map("status", 2, "data", "?"))))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessageStartingWith("unexpected reply from agent rpc");
    assertThatThrownBy(() -> AgentWire.pong(map("error", true, "message", "Client error")))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessageStartingWith("unexpected reply from agent ping");
    assertThat(AgentWire.ping(map("message", "pong"))).isEmpty();
  }

  @Test
  void malformedRequestsAreRefusedWithTheStatusAndTextOfTheOriginal() {
    assertRefused(map("method", "echo"), AgentStatus.NO_CATEGORY, "missing category, nothing to do");
    assertRefused(map("category", "other"), AgentStatus.INVALID, "invalid category");
    assertRefused(map("category", "rpc"), AgentStatus.INVALID, "method not defined");
    assertRefused(map("category", "rpc", "method", "nope"), AgentStatus.INVALID, "nope method is not supported");
    assertRefused(map("category", "rpc", "method", "echo", "task_id", "t1"), AgentStatus.INVALID, AgentWire.INCOMPLETE);
    assertRefused(map("category", "rpc", "method", "echo", "task_id", "t\n1", "job_id", "j"), AgentStatus.INVALID, AgentWire.INCOMPLETE);
    assertRefused(
        map("category", "rpc", "method", "echo", "task_id", "t", "job_id", "j", "args", "x"),
        AgentStatus.BAD_ARGUMENTS,
        "arguments for echo must be a list");
    assertRefused(
        map("category", "rpc", "method", "echo", "task_id", "t", "job_id", "j", "kwargs", List.of()),
        AgentStatus.BAD_ARGUMENTS,
        "kwargs for echo must be a map");
    assertRefused(
        map("category", "rpc", "method", "echo", "task_id", "t", "job_id", "j", "timeout", -1),
        AgentStatus.BAD_ARGUMENTS,
        "timeout must be a positive number of seconds, got -1");
    assertRefused(map("category", "cancel"), AgentStatus.INVALID, AgentWire.INCOMPLETE);
  }

  private static void assertRefused(Map<String, Object> wire, AgentStatus status, String text) {
    assertThatThrownBy(() -> AgentWire.request(wire, "echo"::equals))
        .isInstanceOfSatisfying(RefusedAgentRequest.class, e -> assertThat(e.status()).isEqualTo(status))
        .hasMessage(text);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
