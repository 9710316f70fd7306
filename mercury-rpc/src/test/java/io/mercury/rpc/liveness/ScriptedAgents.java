package io.mercury.rpc.liveness;

import io.mercury.common.time.TimeSource;
import io.mercury.common.transport.Reach;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.link.AgentRequests;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Agents without sockets, for tests on a manual clock: each address answers a ping at once with a pong,
 * refuses it at once (nothing listens there), or stays silent until the attempt's timeout has passed on
 * the given clock, as the link would report it.
 */
final class ScriptedAgents implements AgentRequests {
  static final List<Double> LOAD = List.of(0.5, 0.25, 0.125);

  enum Answer { PONG, REFUSED, SILENT }

  private final TimeSource time;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> pings = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger refusals = new AtomicInteger();
  final AtomicInteger timeouts = new AtomicInteger();

  ScriptedAgents(TimeSource time) {
    this.time = time;
  }

  /** The agent at {@code address} answers this way from now on (unscripted addresses refuse). */
  ScriptedAgents answer(String address, Answer answer) {
    answers.put(address, answer);
    return this;
  }

  /** The agent at {@code address} answers as device {@code mercuryId}. */
  ScriptedAgents answerAs(String address, String mercuryId) {
    names.put(address, mercuryId);
    return answer(address, Answer.PONG);
  }

  /** How many pings were sent to {@code address}. */
  int pingsTo(String address) {
    AtomicInteger n = pings.get(address);
    return n == null ? 0 : n.get();
  }

  @Override
  public CompletableFuture<Object> request(String mercuryId, String address, Object message, Duration timeout) {
    requests.incrementAndGet();
    pings.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    switch (answers.getOrDefault(address, Answer.REFUSED)) {
      case PONG -> {
        Map<String, Object> pong = new LinkedHashMap<>();
        pong.put("timestamp", time.millis() / 1000.0);
        pong.put("load", LOAD);
        pong.put("message", "pong");
        pong.put("mercury_id", names.getOrDefault(address, mercuryId));
        return CompletableFuture.completedFuture(pong);
      }
      case REFUSED -> {
        refusals.incrementAndGet();
        return CompletableFuture.failedFuture(new TransportException("connection refused by " + address, Reach.REFUSED, Duration.ZERO, false));
      }
      default -> {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        time.schedule(
            () -> {
              timeouts.incrementAndGet();
              reply.completeExceptionally(new TransportException("no reply from " + address + " within " + timeout, Reach.CONNECTED, timeout, true));
            },
            timeout);
        return reply;
      }
    }
  }
}
