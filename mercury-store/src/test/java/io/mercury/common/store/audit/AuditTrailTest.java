package io.mercury.common.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditRecord.Who;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private MemoryAudit store;
  private AuditTrail trail;

  @BeforeEach
  void start() {
    store = new MemoryAudit();
    InstantSource clock = () -> now.get();
    trail = new AuditTrail(store.collection(), "mercury-inventory", clock);
    trail.ensureIndexes(Duration.ofDays(365));
  }

  @AfterEach
  void stop() {
    store.close();
  }

  private static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, null, 100);
  }

  @Test
  void aBegunRecordSaysItsOutcomeIsUnknownUntilFinished() {
    Who alice = new Who("alice", "KEY", null, "operator");
    String id = trail.begin(alice, "delete", Map.of("mercury_id", "m1"));
    assertThat(trail.find(all())).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(r.detail()).isEqualTo(AuditTrail.UNFINISHED);
    });
    trail.finish(id, Outcome.OK, "", Map.of("deleted_count", 1L));
    AuditRecord r = trail.find(all()).getFirst();
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    assertThat(r.time()).isEqualTo(now.get());
    assertThat(r.targets()).isEqualTo(Map.of("mercury_id", "m1", "result", Map.of("deleted_count", 1L)));
    assertThat(r.toWire()).containsEntry("time", 1767225600.0).containsEntry("outcome", "ok");
  }

  @Test
  void filtersByWhoActionServiceOutcomeAndTimeNewestFirst() {
    Who alice = new Who("alice", "K1", null, "operator");
    Who bob = Who.token("bob-token", Role.READ_ONLY);
    trail.record(alice, "create_job", Map.of(), Outcome.OK, "");
    now.set(now.get().plusSeconds(60));
    trail.record(bob, "create_job", Map.of(), Outcome.DENIED, "Permission denied");
    now.set(now.get().plusSeconds(60));
    trail.record(alice, "cancel_job", Map.of(), Outcome.ERROR, "no such job");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    assertThat(trail.find(all())).extracting(AuditRecord::action).containsExactly("cancel_job", "create_job", "create_job");
    assertThat(trail.find(new AuditQuery("alice", null, null, null, null, null, 10))).hasSize(2);
    assertThat(trail.find(new AuditQuery(null, "create_job", null, null, null, null, 10))).hasSize(2);
    assertThat(trail.find(new AuditQuery(null, null, null, Outcome.DENIED, null, null, 10)))
        .singleElement()
        .satisfies(r -> assertThat(r.who()).isEqualTo(new Who("bob-token", null, "bob-token", "read-only")));
    assertThat(trail.find(new AuditQuery(null, null, "mercury-rpc", null, null, null, 10))).isEmpty();
    assertThat(trail.find(new AuditQuery(null, null, null, null, t0.plusSeconds(30), t0.plusSeconds(90), 10)))
        .extracting(AuditRecord::outcome).containsExactly(Outcome.DENIED);
    assertThat(trail.find(new AuditQuery(null, null, null, null, null, null, 1))).hasSize(1);
  }

  @Test
  void theLimitIsBounded() {
    assertThatThrownBy(() -> new AuditQuery(null, null, null, null, null, null, 0))
        .hasMessage("limit must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> new AuditQuery(null, null, null, null, null, null, 1001))
        .hasMessage("limit must be between 1 and 1000, was 1001");
  }

  @Test
  void theSweepDeletesRecordsOlderThanTheRetention() {
    Who alice = new Who("alice", "K1", null, "operator");
    trail.record(alice, "old", Map.of(), Outcome.OK, "");
    now.set(now.get().plus(Duration.ofDays(400)));
    trail.record(alice, "new", Map.of(), Outcome.OK, "");
    assertThat(trail.sweep(Duration.ofDays(365))).isEqualTo(1);
    assertThat(trail.find(all())).extracting(AuditRecord::action).containsExactly("new");
  }

  @Test
  void outcomesParseTheirWireNames() {
    assertThat(List.of(Outcome.parse("ok"), Outcome.parse("DENIED"), Outcome.parse(" error ")))
        .containsExactly(Outcome.OK, Outcome.DENIED, Outcome.ERROR);
    assertThatThrownBy(() -> Outcome.parse("maybe")).hasMessageContaining("expected ok, denied or error");
  }
}
