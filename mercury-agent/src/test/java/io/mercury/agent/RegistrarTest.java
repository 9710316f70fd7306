package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.OriginalBackend;
import io.mercury.common.client.BackendClient;
import io.mercury.common.protocol.backend.AgentInfo;
import io.mercury.common.transport.ServiceClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

class RegistrarTest {
  private static final AgentInfo AGENT_INFO = new AgentInfo("127.0.0.1", null, 9003L, 9004L, null, "i-1", Map.of(), null, null, Map.of());

  @Test
  void isDueOnlyAfterTheIntervalWithoutRegistrationOrPing() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicReference<Instant> lastPing = new AtomicReference<>();
    InstantSource clock = now::get;
    try (ZContext context = new ZContext()) {
      OriginalBackend backend = OriginalBackend.start(context);
      try (ServiceClient connection = new ServiceClient(context, backend.endpoint(), AgentService.backendSettings(Duration.ofSeconds(5), null));
          Registrar registrar = new Registrar(new BackendClient(connection), Map::of, () -> AGENT_INFO, lastPing::get, Duration.ofSeconds(120), clock, Registrar.Gate.OPEN)) {
        assertThat(registrar.isDue(now.get().plusSeconds(1000))).isFalse(); // never registered: not "re"

        registrar.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() == 1);
        Instant registered = now.get();

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
    // registering again is due 5 s without contact: only a 5 s stall of the registrar would cause it
    withRegistrar(Duration.ofSeconds(5), heartbeatsAnswered(Map.of("known", true)), (backend, registrar) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() == 1);
      Instant registered = Instant.now();

      // no ping ever arrives: only the heartbeats' answers keep the agent from registering again
      await().atMost(Duration.ofSeconds(30))
          .until(() -> Duration.between(registered, Instant.now()).toMillis() > 6000 && registrar.heartbeats() >= 3);
      assertThat(registrar.registrations()).isEqualTo(1);
      assertThat(backend.calls("heartbeat")).allSatisfy(args -> assertThat(args).containsExactly("m1"));
    });
  }

  @Test
  void registersAgainAtOnceWhenTheBackendDoesNotKnowTheAgent() throws Exception {
    withRegistrar(Duration.ofHours(1), heartbeatsAnswered(Map.of("known", false)), (backend, registrar) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() >= 2);
      assertThat(endpoints(backend).subList(0, 3)).containsExactly("register", "heartbeat", "register");
      assertThat(registrar.heartbeats()).isZero();
    });
  }

  @Test
  void aBackendWithoutTheHeartbeatEndpointEndsTheHeartbeatsUntilTheNextRegistration() throws Exception {
    Consumer<OriginalBackend> unsupported =
        heartbeatsAnswered(null).andThen(b -> b.mode("heartbeat", OriginalBackend.Mode.UNSUPPORTED));
    withRegistrar(Duration.ofSeconds(1), unsupported, (backend, registrar) -> {
      // without pings the agent registers again after 1 s; a heartbeat every 50 ms would have sent ~20
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() >= 2);
      assertThat(endpoints(backend).subList(0, 3)).containsExactly("register", "heartbeat", "register");
    });
  }

  @Test
  void aRefusedHeartbeatIsTriedAgainAndAnAgentNotHeardForLongRegistersAgain() throws Exception {
    // a Mercury backend refusing for a while (starting, its store away): heartbeats go on
    Consumer<OriginalBackend> refused = heartbeatsAnswered(null).andThen(b -> b.mode("heartbeat", OriginalBackend.Mode.REJECT));
    withRegistrar(Duration.ofSeconds(1), refused, (backend, registrar) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() >= 2);
      List<String> calls = endpoints(backend);
      assertThat(calls.subList(0, calls.indexOf("register") < 0 ? 0 : calls.lastIndexOf("register")))
          .filteredOn("heartbeat"::equals)
          .hasSizeGreaterThan(2);
    });
  }

  @Test
  void noHeartbeatsForABackendThatDoesNotAskForThem() throws Exception {
    // the backend answers "accepted", as the original does
    withRegistrar(Duration.ofSeconds(1), backend -> {}, (backend, registrar) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() >= 2);
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
    withRegistrar(Duration.ofHours(1), channel, (backend, registrar) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() == 1 && registrar.channel());
      assertThat(backend.calls("heartbeat")).isEmpty();
      registrar.reconnected();
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
    withRegistrar(Duration.ofHours(1), silentHeartbeats, (backend, registrar) -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.registrations() == 1 && registrar.channel());
      registrar.reconnected();
      await().atMost(Duration.ofSeconds(30)).until(() -> backend.calls("heartbeat").size() == 1);
      backend.mode("heartbeat", OriginalBackend.Mode.ACCEPT);
      await().atMost(Duration.ofSeconds(30)).until(() -> registrar.heartbeats() == 1);
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

  @FunctionalInterface
  private interface RegistrarCheck {
    void check(OriginalBackend backend, Registrar registrar) throws Exception;
  }

  /** Runs {@code check} on a started registrar (real clock, never pinged) against a backend set up by {@code setUp}. */
  private static void withRegistrar(Duration reregisterAfter, Consumer<OriginalBackend> setUp, RegistrarCheck check) throws Exception {
    try (ZContext context = new ZContext()) {
      OriginalBackend backend = OriginalBackend.start(context);
      setUp.accept(backend);
      try (ServiceClient connection = new ServiceClient(context, backend.endpoint(), AgentService.backendSettings(Duration.ofSeconds(5), null));
          Registrar registrar =
              new Registrar(new BackendClient(connection), Map::of, () -> AGENT_INFO, () -> null, reregisterAfter, InstantSource.system(), Registrar.Gate.OPEN)) {
        registrar.start();
        check.check(backend, registrar);
      } finally {
        backend.close();
      }
    }
  }

  private static List<String> endpoints(OriginalBackend backend) {
    return backend.requests().stream().map(r -> String.valueOf(r.get("endpoint"))).toList();
  }
}
