package io.mercury.rpc.backend;

import java.util.Map;

/** An agent's refusal of a task, read from its reply to the dispatch. */
record AgentRefusal(String text) {
  /** The refusal in {@code reply}; null when the agent accepted the task (status 0). */
  static AgentRefusal of(Object reply) {
    if (!(reply instanceof Map<?, ?> map)) {
      return new AgentRefusal("unexpected reply from the agent: " + reply);
    }
    if (Boolean.TRUE.equals(map.get("error"))) {
      return new AgentRefusal("the agent replied with an error: " + map.get("message"));
    }
    if (!(map.get("message") instanceof Map<?, ?> body) || !(body.get("status") instanceof Number status)) {
      return new AgentRefusal("unexpected reply from the agent: " + reply);
    }
    if (status.intValue() == 0) {
      return null;
    }
    Object data = body.get("data");
    String text = data instanceof Map<?, ?> d && d.get("message") != null ? String.valueOf(d.get("message")) : String.valueOf(data);
    return new AgentRefusal(text + " (agent status " + status.intValue() + ")");
  }
}
