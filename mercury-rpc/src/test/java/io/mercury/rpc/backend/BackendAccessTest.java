package io.mercury.rpc.backend;

import static io.mercury.common.security.Callers.as;
import static io.mercury.common.security.Callers.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Callers;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditQuery;
import io.mercury.common.store.audit.AuditRecord;
import io.mercury.common.store.audit.MemoryAudit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may call each backend endpoint. Refusals happen before any handler runs, so the registry is built
 * without the parts behind it; the allowed paths are exercised by BackendServiceTest.
 */
class BackendAccessTest {
  private static final Map<String, List<Object>> ARGS =
      Map.of(
          "register", List.of(Map.of(), Map.of()),
          "update", List.of("m", Map.of()),
          "heartbeat", List.of("m"),
          "update_task", List.of(Map.of()),
          "complete_task", List.of(Map.of()),
          "enqueue_tasks", List.of(List.of("t1")),
          "cancel_tasks", List.of(List.of("t1")),
          "backend_status", List.of());

  private MemoryAudit mongo;
  private EndpointRegistry registry;
  private Dispatcher dispatcher;

  @BeforeEach
  void start() {
    mongo = new MemoryAudit();
    registry = BackendEndpoints.registry(new Origin("b", "dc", "127.0.0.1", 1), null, null, null);
    dispatcher = new Dispatcher(BackendService.NAME, registry, mongo.trail(BackendService.NAME));
  }

  @AfterEach
  void stop() {
    mongo.close();
  }

  @Test
  void everyEndpointDeclaresTheExpectedAccess() {
    assertThat(Callers.accessOf(registry))
        .isEqualTo(Map.of(
            "register", Access.AGENT,
            "update", Access.AGENT,
            "heartbeat", Access.AGENT,
            "update_task", Access.AGENT,
            "complete_task", Access.AGENT,
            "enqueue_tasks", Access.SERVICE.forDaemons("rpc"),
            "cancel_tasks", Access.SERVICE.forDaemons("rpc"),
            "backend_status", Access.READ));
  }

  @Test
  void operatorsMayNotPoseAsAgentsNorAgentsAsTheFrontend() {
    for (String endpoint : List.of("register", "update", "heartbeat", "update_task", "complete_task", "enqueue_tasks", "cancel_tasks")) {
      for (Role role : List.of(Role.READ_ONLY, Role.OPERATOR, Role.ADMIN)) {
        Reply reply = call(dispatcher, as(role), endpoint, ARGS.get(endpoint), Map.of());
        assertThat(((Reply.Failure) reply).message()).as(endpoint).startsWith("Permission denied: " + endpoint + " needs role ");
      }
    }
    for (String endpoint : List.of("enqueue_tasks", "cancel_tasks", "backend_status")) {
      Reply reply = call(dispatcher, as(Role.AGENT), endpoint, ARGS.get(endpoint), Map.of());
      assertThat(((Reply.Failure) reply).message()).as(endpoint).endsWith("; agent-user has agent");
    }
    assertThat(mongo.trail(BackendService.NAME).find(new AuditQuery(null, null, null, AuditRecord.Outcome.DENIED, null, null, 100)))
        .hasSize(7 * 3 + 3);
  }
}
