package io.mercury.bench.fleet;

import static io.mercury.bench.fleet.AgentWire.decode;
import static io.mercury.bench.fleet.AgentWire.status;

import io.mercury.common.codec.MsgPack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeromq.ZMQ;

/**
 * A simulated agent's two endpoints in the original agent protocol: the pong REP socket (ping in, pong
 * out) and the rpc ROUTER socket (an echo task in, the agent's acceptance out), each served until it has
 * nothing more to read. Checks a task request as the original agent does and hands a valid echo to the
 * fleet's {@link EchoTasks}; every other reply is made here.
 *
 * <p>Threading: none of its own; called on the fleet's loop thread, which owns the sockets.
 */
final class AgentEndpoints {
  private AgentEndpoints() {}

  /** What a fleet does with a valid echo task. */
  interface EchoTasks {
    /**
     * Accepts (or refuses as a duplicate) the task; returns the agent's reply, {@link #accepted} or
     * {@link #duplicate}.
     */
    Object echo(String taskId, String jobId, Object arg, double timeStarted);
  }

  /** Answers every ping waiting on {@code pong}; {@code onPing} runs for each real ping. */
  static void servePongs(ZMQ.Socket pong, Runnable onPing) {
    byte[] request;
    while ((request = pong.recv(ZMQ.DONTWAIT)) != null) {
      boolean ping = AgentWire.isPing(decode(request));
      if (ping) {
        onPing.run();
      }
      pong.send(MsgPack.encode(AgentWire.pongReply(ping)));
    }
  }

  /** Answers every request waiting on {@code rpc}; messages of fewer than 3 frames are dropped, as the original does. */
  static void serveRpc(ZMQ.Socket rpc, EchoTasks tasks) {
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
      Object reply = handle(decode(frames.getLast()), tasks);
      for (int f = 0; f < frames.size() - 1; f++) {
        rpc.sendMore(frames.get(f));
      }
      rpc.send(MsgPack.encode(reply));
    }
  }

  /** The agent's reply to one decoded rpc message. */
  static Object handle(Object decoded, EchoTasks tasks) {
    if (!(decoded instanceof Map<?, ?> message)) {
      return Map.of("error", true, "message", "Client error, message is malformed");
    }
    if ("keep_alive".equals(message.get("_protocol_message"))) {
      return Map.of("_protocol_message", "keep_alive_confirmed");
    }
    if ("cancel".equals(message.get("category"))) {
      return status(0, Map.of("cancelled", false, "message", "nothing running"));
    }
    if (!"rpc".equals(message.get("category"))) {
      return status(3, "invalid category");
    }
    if (!"echo".equals(message.get("method"))) {
      return status(3, message.get("method") + " method is not supported");
    }
    if (!(message.get("task_id") instanceof String taskId) || !(message.get("job_id") instanceof String jobId)) {
      return status(3, "message is incomplete, missing task_id/job_id");
    }
    if (!(message.get("args") instanceof List<?> args) || args.size() != 1) {
      return status(4, "arguments for echo are not satisfied");
    }
    return tasks.echo(taskId, jobId, args.getFirst(), AgentWire.now());
  }

  /** The reply to a task the agent takes on. */
  static Object accepted(double timeStarted) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("time_started", timeStarted);
    data.put("message", "Hakuna matata");
    return status(0, data);
  }

  /** The reply to a re-delivery of a task the agent already has: not run again. */
  static Object duplicate(String taskId, double timeStarted) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("time_started", timeStarted);
    data.put("message", "already have task " + taskId);
    data.put("duplicate", true);
    return status(0, data);
  }
}
