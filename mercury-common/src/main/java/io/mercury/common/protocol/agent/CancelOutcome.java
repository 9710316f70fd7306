package io.mercury.common.protocol.agent;

/** The {@code data} of an agent's status 0 to a cancel: {@code {"cancelled", "message"}}. */
public record CancelOutcome(boolean cancelled, String message) {}
