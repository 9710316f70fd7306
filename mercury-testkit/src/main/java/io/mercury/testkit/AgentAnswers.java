package io.mercury.testkit;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.common.protocol.agent.AgentStatus;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.common.protocol.agent.CancelOutcome;
import io.mercury.common.protocol.agent.Pong;
import io.mercury.common.protocol.agent.TaskAccepted;
import java.util.List;
import java.util.Map;

/**
 * What a simulated agent answers (docs/protocol.md, "Agent"): to an {@code echo} task on its rpc socket,
 * and to a ping. Checks a task request as the original Python agent does, reading the raw message itself rather than with the backend's {@link
 * AgentWire} reader, so a simulated agent shares no request parsing with the backend it tests; its replies
 * are {@link AgentWire}'s, whose bytes the golden test pins.
 *
 * <p>Pure functions; the sockets are {@link io.mercury.testkit.agent.AgentSockets}'s.
 */
public final class AgentAnswers {
  private AgentAnswers() {}

  /** Which agent's answers: the original's, or a Mercury agent's (which also answers cancels). */
  public enum Dialect {
    /** The original Python agent: only {@code rpc} is a category. */
    ORIGINAL,
    /** Also answers {@code cancel}, with "nothing running". */
    MERCURY
  }

  /** What an agent does with a valid echo task. */
  @FunctionalInterface
  public interface EchoTasks {
    /**
     * Takes the task on (or refuses it); returns the agent's reply, e.g. {@link #accepted} or {@link
     * #duplicate}, or null to send none.
     */
    AgentReply echo(String taskId, String jobId, Object arg);
  }

  /** The agent's reply to one decoded rpc message; null when {@code tasks} sends none. */
  public static Map<String, Object> answer(Object decoded, Dialect dialect, EchoTasks tasks) {
    if (!(decoded instanceof Map<?, ?> message)) {
      return AgentWire.toWire(new AgentReply.Failure("Client error, message is malformed"));
    }
    if (KeepAlive.isRequest(message)) {
      return KeepAlive.CONFIRMATION;
    }
    Object category = message.get("category");
    if (category == null) {
      return refused(AgentStatus.NO_CATEGORY, "missing category, nothing to do");
    }
    if (dialect == Dialect.MERCURY && "cancel".equals(category)) {
      return AgentWire.toWire(AgentReply.cancel(new CancelOutcome(false, "nothing running")));
    }
    if (!"rpc".equals(category)) {
      return refused(AgentStatus.INVALID, "invalid category");
    }
    Object method = message.get("method");
    if (method == null) {
      return refused(AgentStatus.INVALID, "method not defined");
    }
    if (!"echo".equals(method)) {
      return refused(AgentStatus.INVALID, method + " method is not supported");
    }
    if (!(message.get("task_id") instanceof String taskId) || !(message.get("job_id") instanceof String jobId)) {
      return refused(AgentStatus.INVALID, AgentWire.INCOMPLETE);
    }
    if (!(message.get("args") instanceof List<?> args) || args.size() != 1) {
      return refused(AgentStatus.BAD_ARGUMENTS, "arguments for echo are not satisfied");
    }
    AgentReply reply = tasks.echo(taskId, jobId, args.getFirst());
    return reply == null ? null : AgentWire.toWire(reply);
  }

  /** The reply to a task the agent takes on; the original agent says {@code time_started: null}. */
  public static AgentReply accepted(Double timeStarted) {
    return AgentReply.accepted(TaskAccepted.started(timeStarted));
  }

  /** The reply to a re-delivery of a task the agent already has: not run again. */
  public static AgentReply duplicate(String taskId, double timeStarted) {
    return AgentReply.accepted(TaskAccepted.duplicate(taskId, timeStarted));
  }

  /** A pong with a steady load, naming {@code mercuryId} when it is not null (a Mercury agent does). */
  public static Map<String, Object> pong(String mercuryId) {
    return AgentWire.toWire(new Pong(now(), List.of(0.5, 0.5, 0.5), mercuryId));
  }

  /** The decoded message, or null when it is not msgpack. */
  public static Object decode(byte[] bytes) {
    try {
      return MsgPack.decode(bytes);
    } catch (MalformedMessageException e) {
      return null;
    }
  }

  /** Seconds since the epoch, as the original's timestamps. */
  public static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static Map<String, Object> refused(AgentStatus status, String text) {
    return AgentWire.toWire(AgentReply.status(status, text));
  }
}
