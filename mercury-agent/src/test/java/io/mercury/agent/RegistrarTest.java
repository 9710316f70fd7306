package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.OriginalBackend;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

class RegistrarTest {
  @Test
  void isDueOnlyAfterTheIntervalWithoutRegistrationOrPing() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicReference<Instant> lastPing = new AtomicReference<>();
    InstantSource clock = now::get;
    try (ZContext context = new ZContext()) {
      OriginalBackend backend = OriginalBackend.start(context);
      try (BackendClient client = new BackendClient(context, backend.endpoint(), Duration.ofSeconds(5));
          Registrar registrar = new Registrar(client, Map::of, Map::of, lastPing::get, Duration.ofSeconds(120), clock, Registrar.Gate.OPEN)) {
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
}
