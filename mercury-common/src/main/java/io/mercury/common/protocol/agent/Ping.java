package io.mercury.common.protocol.agent;

/**
 * {@code {"message": "ping", "timestamp"}} to an agent's pong socket; Mercury adds {@code mercury_id}.
 *
 * @param timestamp when it was sent, seconds since the epoch; null when a ping came without one
 * @param mercuryId the device the ping is meant for, or null
 */
public record Ping(Double timestamp, String mercuryId) {}
