package io.mercury.testkit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.security.Caller;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.CurveServer;
import io.mercury.common.security.Role;
import io.mercury.common.security.StaticAllowList;
import io.mercury.common.security.ZapAuthenticator;
import io.mercury.testkit.AgentAnswers;
import io.mercury.testkit.ReplyPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A {@link FakeAgent} given CURVE keys answers only the clients its allow-list names. */
class FakeAgentCurveTest {
  private static final String ID = "01fa4e0000000000000000000000000000000000bb";

  @Test
  void answersAnAllowedClientAndNotAnUnknownOne() throws Exception {
    CurveKeyPair agentKey = CurveKeyPair.generate();
    CurveKeyPair backendKey = CurveKeyPair.generate();
    try (ZContext context = new ZContext();
        ZapAuthenticator zap = new ZapAuthenticator(context)) {
      CurveServer server = zap.server("agent", agentKey, StaticAllowList.of(new Caller("backend", backendKey.publicKey(), Role.SERVICE)));
      try (FakeAgent agent = FakeAgent.builder(Map.of("mercury_id", ID), ReplyPolicy.SUCCEED).curve(server).context(context).start()) {
        Map<?, ?> pong = (Map<?, ?>) ping(context, agent.pongAddress(), new CurveClient(backendKey, agentKey.publicKey()), 15_000);
        assertThat(pong.get("mercury_id")).isEqualTo(ID);
        assertThat(ping(context, agent.pongAddress(), new CurveClient(CurveKeyPair.generate(), agentKey.publicKey()), 2_000)).isNull();
      }
    }
  }

  private static Object ping(ZContext context, String address, CurveClient curve, int timeoutMs) {
    try (ZMQ.Socket req = context.createSocket(SocketType.REQ)) {
      req.setLinger(0);
      req.setReceiveTimeOut(timeoutMs);
      curve.apply(req);
      req.connect(address);
      req.send(MsgPack.encode(Map.of("message", "ping", "timestamp", 1.0)));
      byte[] reply = req.recv(0);
      return reply == null ? null : AgentAnswers.decode(reply);
    }
  }
}
