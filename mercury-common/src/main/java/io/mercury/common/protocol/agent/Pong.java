package io.mercury.common.protocol.agent;

import java.util.List;

/**
 * {@code {"timestamp", "load", "message": "pong"}}, an agent's answer to a {@link Ping}; a Mercury agent adds
 * {@code mercury_id}.
 *
 * @param timestamp when it was answered, seconds since the epoch (null when read without one)
 * @param load the 1, 5 and 15 minute load averages; the numbers of the list as read, empty without one
 * @param mercuryId the device that answered, or null
 */
public record Pong(Double timestamp, List<Double> load, String mercuryId) {
  public Pong {
    load = load == null ? List.of() : List.copyOf(load);
  }
}
