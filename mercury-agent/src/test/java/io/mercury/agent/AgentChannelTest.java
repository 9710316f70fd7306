package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * The backend's requests over the agent channel get the replies of the direct sockets: pings the pong,
 * tasks and cancels the RPC handler's (a request for another device status 6), checked as coming from
 * the backend; each counts as contact.
 */
class AgentChannelTest {
  private static final String ID = "01" + "ab".repeat(20);
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void pingsGetThePongAndTasksTheRpcHandlersAnswer() throws Exception {
    try (ZContext context = new ZContext()) {
      PongServer pong = new PongServer(context, "tcp://127.0.0.1:0", null, () -> ID);
      AtomicInteger connected = new AtomicInteger();
      AgentChannel channel = new AgentChannel(new Caller("backend", "backend-key", Role.SERVICE), () -> NOW);
      assertThat(decode(channel.handle(MsgPack.encode(Map.of("message", "ping", "timestamp", 1.0))))).containsEntry("error", true);
      assertThat(channel.lastContact()).isNull();

      channel.serve(new RpcHandler(null, null, () -> ID), pong::pong, connected::incrementAndGet);
      assertThat(decode(channel.handle(MsgPack.encode(Map.of("message", "ping", "timestamp", 1.0, "mercury_id", ID)))))
          .containsEntry("message", "pong")
          .containsEntry("mercury_id", ID);
      Map<String, Object> refused =
          decode(channel.handle(MsgPack.encode(Map.of("category", "rpc", "method", "echo", "task_id", "t", "job_id", "j", "mercury_id", "01other"))));
      assertThat(map(refused.get("message"))).containsEntry("status", 6L);
      assertThat(channel.lastContact()).isEqualTo(NOW);
      assertThat(pong.lastPing()).as("a ping over the channel counts as one on the pong socket").isNotNull();

      channel.connected();
      assertThat(connected.get()).isEqualTo(1);
    }
  }

  @Test
  void onlyTheBackendMaySendTasks() throws Exception {
    AgentChannel channel = new AgentChannel(new Caller("api", "api-key", Role.SERVICE), () -> NOW);
    channel.serve(new RpcHandler(null, null, () -> ID), request -> new byte[0], () -> {});
    assertThat(decode(channel.handle(MsgPack.encode(Map.of("category", "cancel", "task_id", "t")))))
        .containsEntry("error", true);
  }

  private static Map<String, Object> decode(byte[] reply) throws Exception {
    return map(MsgPack.decode(reply));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
