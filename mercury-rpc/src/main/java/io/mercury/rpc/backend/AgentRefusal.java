package io.mercury.rpc.backend;

import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.common.protocol.agent.AgentWire;

/** An agent's refusal of a task, read from its reply to the dispatch. */
record AgentRefusal(String text) {
  /** The refusal in {@code reply}; null when the agent accepted the task (status 0). */
  static AgentRefusal of(Object reply) {
    try {
      return switch (AgentWire.reply(reply)) {
        case AgentReply.Failure e -> new AgentRefusal("the agent replied with an error: " + e.message());
        case AgentReply.Answer a when a.accepted() -> null;
        case AgentReply.Answer a -> new AgentRefusal(a.text() + " (agent status " + a.status().code() + ")");
      };
    } catch (UnexpectedReplyException e) {
      return new AgentRefusal("unexpected reply from the agent: " + reply);
    }
  }
}
