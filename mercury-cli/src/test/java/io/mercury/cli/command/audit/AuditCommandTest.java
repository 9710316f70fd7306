package io.mercury.cli.command.audit;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.cli.testing.McliRun;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditRecord.Who;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ServerSettings;
import io.mercury.log.LogService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** {@code mcli audit} against a real log service reading a seeded audit trail. */
class AuditCommandTest {
  private static MongoServer mongo;
  private static MongoClient client;
  private static ZContext zmq;
  private static LogService service;
  private static final AtomicReference<Instant> now = new AtomicReference<>();

  @BeforeAll
  static void start() {
    now.set(Instant.now().minus(Duration.ofHours(3)));
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    zmq = new ZContext();
    service =
        LogService.start(
            zmq,
            new LogService.Settings(
                ServerSettings.of(LogService.NAME, "tcp://127.0.0.1:0"),
                "tcp://127.0.0.1:0",
                100,
                Duration.ofDays(14),
                1000,
                Duration.ofHours(1)),
            client.getDatabase("mercury").getCollection("logs"),
            InstantSource.system(),
            AuditTrail.in(client.getDatabase("mercury_security"), LogService.NAME, InstantSource.system()),
            Duration.ofDays(365));
    AuditTrail rpc = AuditTrail.in(client.getDatabase("mercury_security"), "mercury-rpc", () -> now.get());
    Who alice = new Who("alice", "KEYALICE", null, "operator");
    rpc.record(alice, "create_job", Map.of("query", "{\"rack\": \"r12\"}", "result", Map.of("job_id", "job-1")), Outcome.OK, "");
    now.set(now.get().plus(Duration.ofHours(2)));
    rpc.record(new Who("bob", "KEYBOB", null, "read-only"), "cancel_job", Map.of("job_id", "job-1"), Outcome.DENIED,
        "Permission denied: cancel_job needs role operator; bob has read-only");
    now.set(now.get().plus(Duration.ofMinutes(30)));
    AuditTrail.in(client.getDatabase("mercury_security"), "mercury-api", () -> now.get())
        .record(Who.token("ci", Role.OPERATOR), "PUT /api/computers/boot", Map.of(), Outcome.ERROR, "inventory unreachable");
  }

  @AfterAll
  static void stop() {
    service.close();
    zmq.close();
    client.close();
    mongo.shutdownNow();
  }

  private static McliRun audit(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--log";
    all[1] = service.endpoint();
    all[2] = "audit";
    System.arraycopy(args, 0, all, 3, args.length);
    return mcli(all);
  }

  @Test
  void printsATableOldestFirst() {
    McliRun run = audit();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines()).hasSize(4);
    assertThat(run.outLines().get(0)).matches("TIME +WHO +ROLE +SERVICE +ACTION +OUTCOME +TARGETS +DETAIL");
    assertThat(run.outLines().get(1))
        .contains("alice", "operator", "mercury-rpc", "create_job", "ok", "query={\"rack\": \"r12\"} -> job_id=job-1");
    assertThat(run.outLines().get(2)).contains("bob", "read-only", "cancel_job", "denied", "job_id=job-1", "Permission denied: cancel_job");
    assertThat(run.outLines().get(3)).contains("ci", "mercury-api", "PUT /api/computers/boot", "error", "inventory unreachable");
  }

  @Test
  void filtersByWhoActionOutcomeAndSince() {
    assertThat(audit("--who", "alice").outLines()).hasSize(2).last().asString().contains("create_job");
    assertThat(audit("--action", "cancel_job").outLines()).hasSize(2).last().asString().contains("bob");
    assertThat(audit("--outcome", "ERROR").outLines()).hasSize(2).last().asString().contains("ci");
    assertThat(audit("--since", "2h").outLines()).hasSize(3);
    assertThat(audit("--limit", "1").outLines()).hasSize(2).last().asString().contains("ci");
    McliRun none = audit("--who", "nobody");
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).contains("no audit records match");
  }

  @Test
  void printsJsonLines() {
    McliRun run = audit("--json", "--who", "bob");
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).singleElement().asString()
        .contains("\"who\":{\"name\":\"bob\",\"public_key\":\"KEYBOB\",\"role\":\"read-only\"}")
        .contains("\"outcome\":\"denied\"")
        .contains("\"service\":\"mercury-rpc\"");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(audit("--limit", "0").err()).contains("--limit must be between 1 and 1000, was 0");
    assertThat(audit("--outcome", "maybe").err()).contains("--outcome must be ok, denied or error, got 'maybe'");
    McliRun until = audit("--until", "yesterday");
    assertThat(until.exitCode()).isEqualTo(2);
    assertThat(until.err()).contains("--until must be an age");
  }
}
