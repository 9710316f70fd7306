package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.OriginalBackend;
import io.mercury.common.client.BackendClient;
import io.mercury.common.protocol.backend.AgentInfo;
import io.mercury.common.time.ManualTimeSource;
import io.mercury.common.transport.ServiceClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * The registrar against a fake (original) backend, on a manual clock: its waits (back-off, checks,
 * heartbeat intervals) pass when the test moves the time, one step at a time once the registrar's
 * thread waits, so "no contact for 5 s" takes no 5 s and no slow machine makes it happen early.
 */
class RegistrarTest {
  private static final AgentInfo AGENT_INFO = new AgentInfo("127.0.0.1", null, 9003L, 9004L, null, "i-1", Map.of(), null, null, Map.of());
  private static final Duration STEP = Duration.ofMillis(10);

  @Test
  void isDueOnlyAfterTheIntervalWithoutRegistrationOrPing() throws Exception {
    ManualTimeSource time = new ManualTimeSource();
    AtomicReference<Instant> lastPing = new AtomicReference<>();
    try (ZContext context = new ZContext()) {
      OriginalBackend backend = OriginalBackend.start(context);
      try (ServiceClient connection = new ServiceClient(context, backend.endpoint(), AgentService.backendSettings(Duration.ofSeconds(5), null));
          Registrar registrar = new Registrar(new BackendClient(connection), Map::of, () -> AGENT_INFO, lastPing::get, Duration.ofSeconds(120), time, Registrar.Gate.OPEN)) {
        assertThat(registrar.isDue(time.instant().plusSeconds(1000))).isFalse(); // never registered: not "re"

        registrar.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() == 1);
        Instant registered = time.instant();

        assertThat(registrar.isDue(registered.plusSeconds(119))).isFalse();
        assertThat(registrar.isDue(registered.plusSeconds(120))).isTrue();
        lastPing.set(registered.plusSeconds(100));
        assertThat(registrar.isDue(registered.plusSeconds(120))).isFalse();
        assertThat(registrar.isDue(registered.plusSeconds(220))).isTrue();
      } finally {
        backend.close();
      }
    }
  }

  @Test
  void sendsHeartbeatsWhenTheBackendAsksAndTheyKeepTheAgentRegistered() throws Exception {
    // registering again is due 5 s without contact
    withRegistrar(Duration.ofSeconds(5), heartbeatsAnswered(Map.of("known", true)), (backend, registrar, time) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() == 1);

      // no ping ever arrives: only the heartbeats' answers keep the agent from registering again
      advance(time, Duration.ofSeconds(6));

      // due every 50 ms and looked for every 20 ms: one every 60 ms
      assertThat(registrar.heartbeats()).isBetween(90, 101);
      assertThat(registrar.registrations()).isEqualTo(1);
      assertThat(backend.calls("heartbeat")).allSatisfy(args -> assertThat(args).containsExactly("m1"));
    });
  }

  @Test
  void registersAgainAtOnceWhenTheBackendDoesNotKnowTheAgent() throws Exception {
    withRegistrar(Duration.ofHours(1), heartbeatsAnswered(Map.of("known", false)), (backend, registrar, time) -> {
      advanceUntil(time, () -> registrar.registrations() >= 2);
      assertThat(time.nanos()).isLessThanOrEqualTo(Duration.ofMillis(100).toNanos()); // the first heartbeat's answer
      assertThat(endpoints(backend).subList(0, 3)).containsExactly("register", "heartbeat", "register");
      assertThat(registrar.heartbeats()).isZero();
    });
  }

  @Test
  void aBackendWithoutTheHeartbeatEndpointEndsTheHeartbeatsUntilTheNextRegistration() throws Exception {
    Consumer<OriginalBackend> unsupported =
        heartbeatsAnswered(null).andThen(b -> b.mode("heartbeat", OriginalBackend.Mode.UNSUPPORTED));
    withRegistrar(Duration.ofSeconds(1), unsupported, (backend, registrar, time) -> {
      // without pings the agent registers again after 1 s; a heartbeat every 50 ms would have sent ~20
      advanceUntil(time, () -> registrar.registrations() >= 2);
      assertThat(time.nanos()).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
      assertThat(endpoints(backend).subList(0, 3)).containsExactly("register", "heartbeat", "register");
    });
  }

  @Test
  void aRefusedHeartbeatIsTriedAgainAndAnAgentNotHeardForLongRegistersAgain() throws Exception {
    // a Mercury backend refusing for a while (starting, its store away): heartbeats go on
    Consumer<OriginalBackend> refused = heartbeatsAnswered(null).andThen(b -> b.mode("heartbeat", OriginalBackend.Mode.REJECT));
    withRegistrar(Duration.ofSeconds(1), refused, (backend, registrar, time) -> {
      advanceUntil(time, () -> registrar.registrations() >= 2);
      assertThat(time.nanos()).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
      List<String> calls = endpoints(backend);
      assertThat(calls.subList(0, calls.lastIndexOf("register")))
          .filteredOn("heartbeat"::equals)
          .hasSizeGreaterThan(2);
    });
  }

  @Test
  void noHeartbeatsForABackendThatDoesNotAskForThem() throws Exception {
    // the backend answers "accepted", as the original does
    withRegistrar(Duration.ofSeconds(1), backend -> {}, (backend, registrar, time) -> {
      advanceUntil(time, () -> registrar.registrations() >= 2);
      assertThat(time.nanos()).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
      assertThat(backend.calls("heartbeat")).isEmpty();
    });
  }

  @Test
  void aProvenConnectionSendsAHeartbeatAtOnceThatOffersTheChannel() throws Exception {
    // no heartbeat interval: only a reconnect sends one
    Consumer<OriginalBackend> channel = backend -> {
      backend.answer("register", Map.of("mercury_id", "m1", "backend", "b", "channel", true));
      backend.answer("heartbeat", Map.of("known", true));
    };
    withRegistrar(Duration.ofHours(1), channel, (backend, registrar, time) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() == 1 && registrar.channel());
      assertThat(backend.calls("heartbeat")).isEmpty();
      registrar.reconnected(); // no time passes
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.heartbeats() == 1);
      assertThat(backend.requests().stream().filter(r -> "heartbeat".equals(r.get("endpoint"))))
          .singleElement()
          .satisfies(r -> assertThat(r.get("kwargs")).isEqualTo(Map.of("channel", true)));
    });
  }

  @Test
  void anUnansweredHeartbeatAfterAReconnectIsTriedAgainSoonNotAtTheNextInterval() throws Exception {
    // a backend that restarted and does not answer yet: the channel is bound by a later try
    Consumer<OriginalBackend> silentHeartbeats = backend -> {
      backend.answer("register", Map.of("mercury_id", "m1", "backend", "b", "channel", true));
      backend.answer("heartbeat", Map.of("known", true));
      backend.mode("heartbeat", OriginalBackend.Mode.SILENT);
    };
    // the connection's timeout is real time: 1 s for the unanswered heartbeat
    withRegistrar(Duration.ofHours(1), Duration.ofSeconds(1), silentHeartbeats, (backend, registrar, time) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() == 1 && registrar.channel());
      registrar.reconnected();
      await().atMost(Duration.ofSeconds(30)).until(() -> backend.calls("heartbeat").size() == 1);
      backend.mode("heartbeat", OriginalBackend.Mode.ACCEPT);
      long before = time.nanos();
      advanceUntil(time, () -> registrar.heartbeats() == 1);
      assertThat(Duration.ofNanos(time.nanos() - before)).isLessThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(backend.calls("heartbeat")).hasSize(2);
    });
  }

  /** A backend whose register reply asks for a heartbeat every 50 ms, answering them {@code answer}. */
  private static Consumer<OriginalBackend> heartbeatsAnswered(Object answer) {
    return backend -> {
      backend.answer("register", Map.of("mercury_id", "m1", "backend", "b", "heartbeat_interval", 0.05));
      if (answer != null) {
        backend.answer("heartbeat", answer);
      }
    };
  }

  /** Waits until the registrar's thread waits on the clock (it has set an alarm), for ten seconds at most. */
  private static void awaitWaiting(ManualTimeSource time) {
    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> time.pending() > 0);
  }

  /** Moves the time by {@code by}, a {@link #STEP} at a time, each once the registrar waits for it. */
  private static void advance(ManualTimeSource time, Duration by) {
    for (long done = 0; done < by.toNanos(); done += STEP.toNanos()) {
      awaitWaiting(time);
      time.advance(STEP);
    }
  }

  /** Moves the time a {@link #STEP} at a time, each once the registrar waits for it, until {@code done} holds (a minute at most). */
  private static void advanceUntil(ManualTimeSource time, BooleanSupplier done) {
    for (int step = 0; !done.getAsBoolean(); step++) {
      assertThat(step).as("steps of %s until the condition holds", STEP).isLessThan(6000);
      awaitWaiting(time);
      if (!done.getAsBoolean()) {
        time.advance(STEP);
      }
    }
  }

  @FunctionalInterface
  private interface RegistrarCheck {
    void check(OriginalBackend backend, Registrar registrar, ManualTimeSource time) throws Exception;
  }

  private static void withRegistrar(Duration reregisterAfter, Consumer<OriginalBackend> setUp, RegistrarCheck check) throws Exception {
    withRegistrar(reregisterAfter, Duration.ofSeconds(5), setUp, check);
  }

  /**
   * Runs {@code check} on a started registrar (manual clock, never pinged) against a backend set up by
   * {@code setUp}, over a connection whose calls time out after {@code timeout} (of real time).
   */
  private static void withRegistrar(Duration reregisterAfter, Duration timeout, Consumer<OriginalBackend> setUp, RegistrarCheck check) throws Exception {
    ManualTimeSource time = new ManualTimeSource();
    try (ZContext context = new ZContext()) {
      OriginalBackend backend = OriginalBackend.start(context);
      setUp.accept(backend);
      try (ServiceClient connection = new ServiceClient(context, backend.endpoint(), AgentService.backendSettings(timeout, null));
          Registrar registrar =
              new Registrar(new BackendClient(connection), Map::of, () -> AGENT_INFO, () -> null, reregisterAfter, time, Registrar.Gate.OPEN)) {
        registrar.start();
        check.check(backend, registrar, time);
      } finally {
        backend.close();
      }
    }
  }

  private static List<String> endpoints(OriginalBackend backend) {
    return backend.requests().stream().map(r -> String.valueOf(r.get("endpoint"))).toList();
  }
}
