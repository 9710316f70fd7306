package io.mercury.agent;

import io.mercury.common.protocol.Reply;
import io.mercury.common.time.Backoff;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before each registration, makes sure the backend has accepted this agent's key: calls {@code enrol}
 * and, until the reply is {@code accepted}, logs what stands in the way and tries again with a jittered
 * {@link Backoff} (doubling from {@link EnrolmentConfig#initialBackoff()} up to {@link
 * EnrolmentConfig#maxBackoff()}, so agents whose keys wait for the same operator do not ask in step).
 * A pending key is logged with the command that accepts it; a rejected (or revoked) key is logged as an
 * error and still retried, since an operator may accept it later.
 */
public final class Enroller implements Registrar.Gate {
  private static final Logger log = LoggerFactory.getLogger(Enroller.class);

  private final EnrolmentClient client;
  private final EnrolmentConfig config;
  private final Supplier<String> mercuryId;
  private final Supplier<String> hostname;
  private volatile String lastStatus;

  public Enroller(EnrolmentClient client, EnrolmentConfig config, Supplier<String> mercuryId, Supplier<String> hostname) {
    this.client = client;
    this.config = config;
    this.mercuryId = mercuryId;
    this.hostname = hostname;
  }

  /** The status of the last reply ({@code accepted}, {@code pending}, {@code rejected}), or null. */
  public String lastStatus() {
    return lastStatus;
  }

  @Override
  public void await() throws InterruptedException {
    Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    while (true) {
      Duration wait = backoff.next();
      if (attempt(wait)) {
        return;
      }
      Thread.sleep(wait.toMillis());
    }
  }

  /** One {@code enrol}; true when accepted, else logged with the {@code wait} before the next. */
  private boolean attempt(Duration wait) {
    double retry = wait.toMillis() / 1000.0;
    try {
      switch (client.enrol(mercuryId.get(), hostname.get(), config.token())) {
        case Reply.Ok ok -> {
          Map<?, ?> reply = ok.message() instanceof Map<?, ?> m ? m : Map.of();
          String status = String.valueOf(reply.get("status"));
          Object fingerprint = reply.get("fingerprint");
          lastStatus = status;
          switch (status) {
            case "accepted" -> {
              log.info("enrolment: key {} is accepted by the backend at {}", fingerprint, client.endpoint());
              return true;
            }
            case "pending" -> log.warn(
                "enrolment pending: ask an operator to run `mcli keys accept {}` ({}); asking again in {} s",
                fingerprint, reply.get("message"), retry);
            case "rejected" -> log.error(
                "enrolment rejected: key {} will not be accepted ({}); this agent cannot register until an operator accepts it or it gets a new key; asking again in {} s",
                fingerprint, reply.get("message"), retry);
            default -> log.error("enrolment: unexpected reply {} from {}; asking again in {} s", reply, client.endpoint(), retry);
          }
        }
        case Reply.Failure f -> log.error(
            "enrolment refused by the backend at {}: {}; asking again in {} s", client.endpoint(), f.message(), retry);
      }
    } catch (TransportException e) {
      log.warn("cannot enrol at {}: {}; asking again in {} s", client.endpoint(), e.getMessage(), retry);
    }
    return false;
  }
}
