package io.mercury.common.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.MemoryAudit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which requests the dispatcher lets the server answer on its socket thread. */
class ImmediateEndpointTest {
  private final MemoryAudit audit = new MemoryAudit();
  private final Dispatcher dispatcher =
      new Dispatcher(
          "t",
          new EndpointRegistry()
              .registerImmediate("beat", Access.AGENT, a -> Map.of("known", true), Param.required("id", ParamType.STRING))
              .register("slow", Access.AGENT, a -> "done"),
          audit.trail("t"));
  private final Caller agent = new Caller("agent-1", "KEY-A", Role.AGENT);

  @AfterEach
  void close() {
    audit.close();
  }

  private static byte[] request(String endpoint, Object... args) {
    return MsgPack.encode(Map.of("endpoint", endpoint, "args", List.of(args), "kwargs", Map.of()));
  }

  @Test
  void aSmallRequestToAnImmediateEndpointThatTheCallerMayCallIsAnsweredAtOnce() {
    assertThat(dispatcher.answersOnSocketThread(request("beat", "m1"), agent)).isTrue();
    assertThat(dispatcher.answersOnSocketThread(request("beat", "m1"), Caller.unauthenticated())).isTrue();
  }

  @Test
  void everythingElseGoesToAWorker() {
    assertThat(dispatcher.answersOnSocketThread(request("slow"), agent)).as("not immediate").isFalse();
    assertThat(dispatcher.answersOnSocketThread(request("nope"), agent)).as("unknown").isFalse();
    assertThat(dispatcher.answersOnSocketThread(request("beat", "x".repeat(600)), agent)).as("large").isFalse();
    assertThat(dispatcher.answersOnSocketThread(new byte[] {(byte) 0xc1}, agent)).as("malformed").isFalse();
    assertThat(dispatcher.answersOnSocketThread(MsgPack.encode(List.of("beat")), agent)).as("not a map").isFalse();
    // a refusal is audited, a store write: never on the socket's thread
    Caller operator = new Caller("op", "KEY-O", Role.OPERATOR);
    assertThat(dispatcher.answersOnSocketThread(request("beat", "m1"), operator)).as("refused").isFalse();
  }

  @Test
  void aDispatcherWithoutImmediateEndpointsNeverAnswersOnTheSocketThread() {
    Dispatcher plain = new Dispatcher("t", new EndpointRegistry().register("beat", Access.AGENT, a -> "x"), audit.trail("t"));
    assertThat(plain.answersOnSocketThread(request("beat"), agent)).isFalse();
  }

  @Test
  void anAuditedEndpointCannotBeImmediate() {
    assertThatThrownBy(() -> new EndpointRegistry().registerImmediate("mutate", Access.OPERATE, a -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mutate is audited, so it cannot be answered on the socket's thread");
  }
}
