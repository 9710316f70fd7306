package io.mercury.common.protocol.agent;

import java.util.Map;
import java.util.Objects;

/**
 * An agent's answer on its rpc socket: {@code {"message": {"status", "data"}}}, or, for a message it cannot
 * read at all, {@code {"error": true, "message"}}.
 */
public sealed interface AgentReply {

  /** Status 0 to a run request. */
  static Answer accepted(TaskAccepted data) {
    return new Answer(AgentStatus.ACCEPTED, data);
  }

  /** Status 0 to a cancel. */
  static Answer cancel(CancelOutcome data) {
    return new Answer(AgentStatus.ACCEPTED, data);
  }

  /** A refusal (or status 0 with a plain text) saying {@code text}. */
  static Answer status(AgentStatus status, String text) {
    return new Answer(status, text);
  }

  /**
   * {@code {"message": {"status", "data"}}}.
   *
   * @param data a {@link TaskAccepted}, a {@link CancelOutcome} or a text when built; as it came (a map
   *     or a text) when read
   */
  record Answer(AgentStatus status, Object data) implements AgentReply {
    public Answer {
      Objects.requireNonNull(status, "status is null");
    }

    /** Whether the agent took the request on (status 0). */
    public boolean accepted() {
      return status == AgentStatus.ACCEPTED;
    }

    /** What the agent said: the data's {@code message} when it has one, else the data as text. */
    public String text() {
      return switch (data) {
        case TaskAccepted a when a.message() != null -> a.message();
        case CancelOutcome c when c.message() != null -> c.message();
        case Map<?, ?> m when m.get("message") != null -> String.valueOf(m.get("message"));
        default -> String.valueOf(data);
      };
    }
  }

  /** {@code {"error": true, "message"}}: the agent could not read the request (or refused its sender). */
  record Failure(String message) implements AgentReply {}
}
