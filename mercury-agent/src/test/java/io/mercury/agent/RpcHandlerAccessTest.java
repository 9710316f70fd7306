package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Callers;
import io.mercury.common.security.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only Mercury daemons may send an agent anything; everyone else is refused before it is read. */
class RpcHandlerAccessTest {
  // a refused request never reaches the capabilities or the runner
  private final RpcHandler handler = new RpcHandler(null, null, () -> "01" + "ab".repeat(20));

  private Object send(Map<String, Object> message, Caller caller) throws Exception {
    return MsgPack.decode(handler.handle(MsgPack.encode(message), caller));
  }

  @Test
  void onlyTheServiceRoleIsServed() throws Exception {
    Map<String, Object> rpc = Map.of("category", "rpc", "method", "run", "task_id", "t", "job_id", "j");
    Map<String, Object> cancel = Map.of("category", "cancel", "task_id", "t");
    for (Caller caller : List.of(Callers.as(Role.READ_ONLY), Callers.as(Role.OPERATOR), Callers.as(Role.ADMIN), Callers.as(Role.AGENT), Callers.daemon("boot"), Callers.daemon("api"))) {
      Role role = caller.role();
      String refusal = "Permission denied: rpc needs role service; " + caller.name() + " has " + role.wireName();
      assertThat(send(rpc, caller)).isEqualTo(Map.of("error", true, "message", refusal));
      assertThat(send(cancel, caller)).isEqualTo(Map.of("error", true, "message", refusal));
    }
    assertThat(send(KeepAlive.REQUEST, Callers.daemon("backend"))).isEqualTo(KeepAlive.CONFIRMATION);
    assertThat(send(KeepAlive.REQUEST, Caller.unauthenticated())).isEqualTo(KeepAlive.CONFIRMATION);
  }
}
