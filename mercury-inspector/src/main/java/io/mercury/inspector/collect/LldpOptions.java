package io.mercury.inspector.collect;

import java.time.Duration;
import java.util.Optional;

/**
 * How LLDP neighbours are found.
 *
 * @param socket lldpd's control socket when not the default one
 * @param listen when lldpd is absent, how long to listen for LLDP frames on raw sockets ({@link
 *     Duration#ZERO}: do not listen). Switches send every 30 s by default.
 */
public record LldpOptions(Optional<String> socket, Duration listen) {
  public static final LldpOptions DEFAULT = new LldpOptions(Optional.empty(), Duration.ZERO);
}
