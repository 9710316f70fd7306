package io.mercury.agent;

import static io.mercury.agent.RpcProtocolTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.agent.testing.ZmqRequests;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.fuzz.FuzzSockets;
import io.mercury.common.fuzz.ZmqFuzzer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class PongServerTest {
  @Test
  void answersPingsAndInvalidRequestsAndRecordsTheLastPing() {
    try (ZContext context = new ZContext(); PongServer pong = new PongServer(context, "tcp://127.0.0.1:0")) {
      String endpoint = pong.start();
      assertThat(AgentServiceTestSupport.port(endpoint)).isPositive();
      assertThat(pong.lastPing()).isNull();

      Map<String, Object> invalid = map(ZmqRequests.sendRaw(context, endpoint, MsgPack.encode(Map.of("message", "hello"))));
      assertThat(invalid).containsEntry("error", true);
      assertThat(pong.lastPing()).isNull();
      Map<String, Object> garbage = map(ZmqRequests.sendRaw(context, endpoint, new byte[] {(byte) 0xc1}));
      assertThat(garbage).containsEntry("error", true);

      Map<String, Object> reply =
          map(ZmqRequests.sendRaw(context, endpoint, MsgPack.encode(Map.of("message", "ping", "timestamp", 1.5))));

      assertThat(reply).containsOnlyKeys("timestamp", "load", "message").containsEntry("message", "pong");
      assertThat(reply.get("timestamp")).isInstanceOf(Double.class);
      assertThat((List<?>) reply.get("load")).hasSize(3).allSatisfy(l -> assertThat(l).isInstanceOf(Double.class));
      assertThat(pong.lastPing()).isNotNull();
    }
  }

  @Test
  void aPongNamesTheDeviceItAnswersFor() {
    String id = "01" + "c".repeat(40);
    try (ZContext context = new ZContext(); PongServer pong = new PongServer(context, "tcp://127.0.0.1:0", null, () -> id)) {
      String endpoint = pong.start();
      Map<String, Object> reply =
          map(ZmqRequests.sendRaw(context, endpoint, MsgPack.encode(Map.of("message", "ping", "timestamp", 1.5, "mercury_id", id))));
      assertThat(reply).containsEntry("message", "pong").containsEntry("mercury_id", id);
    }
  }

  @Test
  void rawTcpGarbageOnThePortNeverWedgesIt() {
    // seed 3 made the former REP socket stop answering after its second garbage connection
    try (ZContext context = new ZContext(); PongServer pong = new PongServer(context, "tcp://127.0.0.1:0")) {
      String endpoint = pong.start();
      FuzzSockets sockets = new FuzzSockets(context, 5000);
      ZmqFuzzer fuzzer = new ZmqFuzzer(sockets, new Random(3));
      for (int i = 0; i < 12; i++) {
        fuzzer.rawTcp("pong", endpoint, 1);
        try (ZMQ.Socket req = sockets.connect(SocketType.REQ, endpoint)) {
          req.send(MsgPack.encode(Map.of("message", "ping", "timestamp", 1.0)));
          byte[] reply = req.recv();
          assertThat(reply).as("pong after garbage connection " + i).isNotNull();
        }
      }
    }
  }

  @Test
  void aTakenPortFailsClearly() {
    try (ZContext context = new ZContext(); PongServer first = new PongServer(context, "tcp://127.0.0.1:0")) {
      String endpoint = first.start();
      try (PongServer second = new PongServer(context, endpoint)) {
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot bind the pong service to " + endpoint);
      }
    }
  }
}
