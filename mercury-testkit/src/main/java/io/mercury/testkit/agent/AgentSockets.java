package io.mercury.testkit.agent;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.testkit.AgentAnswers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zeromq.ZMQ;

/**
 * A simulated agent's two endpoints: the rpc ROUTER socket (a task in, the {@link AgentAnswers answer}
 * out) and the pong socket (ping in, pong out), each served until it has nothing more to read.
 *
 * <p>Threading: none of its own; the serve methods run on the thread that owns the socket.
 */
public final class AgentSockets {
  private AgentSockets() {}

  /** Answers every ping waiting on a REP {@code pong} socket, an invalid one with an error; {@code onPing} runs for each ping. */
  public static void servePongs(ZMQ.Socket pong, Runnable onPing) {
    byte[] request;
    while ((request = pong.recv(ZMQ.DONTWAIT)) != null) {
      boolean ping = AgentWire.ping(AgentAnswers.decode(request)).isPresent();
      if (ping) {
        onPing.run();
      }
      pong.send(MsgPack.encode(ping ? AgentAnswers.pong(null) : AgentWire.toWire(new AgentReply.Failure("invalid ping"))));
    }
  }

  /** Answers every request waiting on a ROUTER {@code rpc} socket; messages of fewer than 3 frames are dropped, as the original does. */
  public static void serveRpc(ZMQ.Socket rpc, AgentAnswers.Dialect dialect, AgentAnswers.EchoTasks tasks) {
    byte[] first;
    while ((first = rpc.recv(ZMQ.DONTWAIT)) != null) {
      List<byte[]> frames = new ArrayList<>(3);
      frames.add(first);
      while (rpc.hasReceiveMore()) {
        frames.add(rpc.recv(0));
      }
      if (frames.size() < 3) {
        continue; // the original drops these
      }
      Map<String, Object> reply = AgentAnswers.answer(AgentAnswers.decode(frames.getLast()), dialect, tasks);
      if (reply != null) {
        send(rpc, frames, reply);
      }
    }
  }

  /** Sends {@code reply} back on the envelope of {@code frames} (all but the last, the request). */
  static void send(ZMQ.Socket socket, List<byte[]> frames, Map<String, Object> reply) {
    for (int f = 0; f < frames.size() - 1; f++) {
      socket.sendMore(frames.get(f));
    }
    socket.send(MsgPack.encode(reply));
  }

}
