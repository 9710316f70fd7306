package io.mercury.common.protocol.backend;

/** What {@code heartbeat} answers: {@code {"known": bool}}; not known means the agent must register again. */
public record HeartbeatReply(boolean known) {}
