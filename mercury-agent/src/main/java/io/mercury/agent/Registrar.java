package io.mercury.agent;

import io.mercury.common.protocol.Reply;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the agent with the backend, on its own thread, and keeps it registered.
 *
 * <p>{@code register(device_info, agent_info)} is retried with a back-off (1 s doubling up to 30 s) until
 * a non-error reply; an error reply (our backend rejected the registration) is logged with its reason and
 * retried the same way. Afterwards, when no valid ping has arrived for {@code reregisterAfter} (since the
 * later of the last registration and the last ping), the backend has lost or dropped the agent (a
 * restart without state, or it marked the agent inactive), so the agent registers again. Every
 * registration attempt first passes the {@link Gate} (with CURVE on: enrolment of the agent's key, so an
 * agent whose key was revoked says so rather than timing out).
 */
public final class Registrar implements AutoCloseable {
  /** What must hold before registering; blocks until it does. */
  @FunctionalInterface
  public interface Gate {
    /** No condition (CURVE off: there is no key to enrol). */
    Gate OPEN = () -> {};

    void await() throws InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(Registrar.class);
  private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final BackendClient backend;
  private final Supplier<Map<String, Object>> deviceInfo;
  private final Supplier<Map<String, Object>> agentInfo;
  private final Supplier<Instant> lastPing;
  private final Duration reregisterAfter;
  private final InstantSource clock;
  private final Gate gate;
  private final AtomicInteger registrations = new AtomicInteger();
  private final Thread thread;
  private volatile Instant lastRegistered;
  private volatile boolean running = true;

  public Registrar(
      BackendClient backend,
      Supplier<Map<String, Object>> deviceInfo,
      Supplier<Map<String, Object>> agentInfo,
      Supplier<Instant> lastPing,
      Duration reregisterAfter,
      InstantSource clock,
      Gate gate) {
    this.backend = backend;
    this.deviceInfo = deviceInfo;
    this.agentInfo = agentInfo;
    this.lastPing = lastPing;
    this.reregisterAfter = reregisterAfter;
    this.clock = clock;
    this.gate = gate;
    this.thread = new Thread(this::run, "agent-registrar");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** How many registrations the backend has accepted. */
  public int registrations() {
    return registrations.get();
  }

  /** Whether the agent should register again at {@code now}: registered, but not pinged for too long. */
  boolean isDue(Instant now) {
    Instant registered = lastRegistered;
    if (registered == null) {
      return false;
    }
    Instant ping = lastPing.get();
    Instant since = ping != null && ping.isAfter(registered) ? ping : registered;
    return Duration.between(since, now).compareTo(reregisterAfter) >= 0;
  }

  private void run() {
    try {
      while (running) {
        registerUntilAccepted();
        waitUntilDue();
        log.warn("no ping for {} s; the backend may have lost this agent, registering again",
            reregisterAfter.toMillis() / 1000.0);
      }
    } catch (InterruptedException e) {
      // closing
    }
  }

  private void registerUntilAccepted() throws InterruptedException {
    Duration backoff = INITIAL_BACKOFF;
    while (running) {
      gate.await();
      try {
        switch (backend.register(deviceInfo.get(), agentInfo.get())) {
          case Reply.Ok ok -> {
            lastRegistered = clock.instant();
            registrations.incrementAndGet();
            log.info("registered with the backend at {}: {}", backend.endpoint(), ok.message());
            return;
          }
          case Reply.Failure f ->
              log.error("the backend at {} rejected the registration: {}; retrying in {} s",
                  backend.endpoint(), f.message(), backoff.toSeconds());
        }
      } catch (TransportException e) {
        log.warn("cannot register with the backend at {}: {}; retrying in {} s",
            backend.endpoint(), e.getMessage(), backoff.toSeconds());
      }
      Thread.sleep(backoff.toMillis());
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private void waitUntilDue() throws InterruptedException {
    long checkMs = Math.max(50, Math.min(1000, reregisterAfter.toMillis() / 4));
    while (running && !isDue(clock.instant())) {
      Thread.sleep(checkMs);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
