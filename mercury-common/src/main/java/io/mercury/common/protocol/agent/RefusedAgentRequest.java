package io.mercury.common.protocol.agent;

/**
 * A request an agent cannot take, read by {@link AgentWire#request}: answered with {@link #reply()}.
 */
public final class RefusedAgentRequest extends Exception {
  private final AgentStatus status;

  public RefusedAgentRequest(AgentStatus status, String text) {
    super(text, null, false, false);
    this.status = status;
  }

  public AgentStatus status() {
    return status;
  }

  /** The agent's answer: this status with the text. */
  public AgentReply.Answer reply() {
    return AgentReply.status(status, getMessage());
  }
}
