package io.mercury.api;

import static io.mercury.api.ApiServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.store.audit.AuditQuery;
import io.mercury.common.store.audit.AuditRecord;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.inventory.testing.TestingInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route's role over real HTTP: 401 without a token, 403 with a too weak role, 200 with enough. */
class ApiRolesTest {
  static final String RO = "ro-secret";
  static final String OP = "op-secret";
  static final String LEGACY = "legacy-secret";

  static ApiStack stack;
  static TestingInventory inventory;
  static TestingAgent agent;
  static ApiService api;
  static AuditTrail audit;
  static String jobId;
  static String taskId;

  /** A request: method, path, body. */
  record Call(String method, String path, String body) {
    Http.Reply send(String token) throws Exception {
      return new Http(api.port(), token).send(method, path, body);
    }

    String action() {
      return method + " " + path.replace("dev-1", "{mercury_id}").replace(jobId, "{job_id}").replace(taskId, "{task_id}")
          .replace(agent.mercuryId(), "{mercury_id}");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    stack = new ApiStack();
    inventory = stack.inventory;
    agent = stack.agent;
    audit = inventory.audit(ApiService.NAME);
    api =
        stack.api(
            new ApiService.Settings("127.0.0.1", 0, 250, List.of(
                TokenAuth.hash(RO) + " read-only ro-user",
                TokenAuth.hash(OP) + "  operator   op-user",
                TokenAuth.hash(LEGACY))));
    inventory.insert(Map.of("mercury_id", "dev-1", "rack", "r1", "boot", Map.of("state", "local")));
    stack.awaitAgentActive();
    Http.Reply created = new Http(api.port(), OP).post("/api/rpc/jobs", "{\"query\": {}, \"instruction\": {\"method\": \"echo\", \"args\": [\"hi\"]}}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    jobId = (String) created.json().get("job_id");
    Http.Reply tasks = new Http(api.port(), RO).get("/api/rpc/jobs/" + jobId + "/tasks");
    taskId = (String) ((Map<?, ?>) ((List<?>) tasks.json().get("tasks")).getFirst()).get("task_id");
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  static List<Call> reads() {
    String active = agent.mercuryId();
    return List.of(
        new Call("GET", "/api/active/computers", null),
        new Call("GET", "/api/active/computers/" + active, null),
        new Call("POST", "/api/active/computers/query", "{\"query\": {}}"),
        new Call("GET", "/api/inventory/computers", null),
        new Call("GET", "/api/inventory/computers/dev-1", null),
        new Call("POST", "/api/inventory/computers/query", "{\"query\": {}}"),
        new Call("POST", "/api/inventory/computers/count", "{\"query\": {}}"),
        new Call("GET", "/api/inventory/computers/dev-1/boot", null),
        new Call("GET", "/api/rpc/jobs", null),
        new Call("GET", "/api/rpc/jobs/" + jobId, null),
        new Call("GET", "/api/rpc/jobs/" + jobId + "/status", null),
        new Call("GET", "/api/rpc/jobs/" + jobId + "/tasks", null),
        new Call("GET", "/api/rpc/task/" + taskId, null));
  }

  static List<Call> changes() {
    return List.of(
        new Call("POST", "/api/inventory/computers/boot/state", "{\"query\": {\"rack\": \"r1\"}, \"state\": \"rescue\"}"),
        new Call("POST", "/api/inventory/computers/dev-1/boot/state", "{\"state\": \"local\"}"),
        new Call("POST", "/api/inventory/computers/boot/script", "{\"query\": {\"rack\": \"r1\"}, \"script\": \"#!ipxe\\nexit\\n\"}"),
        new Call("POST", "/api/inventory/computers/dev-1/boot/script", "{\"script\": \"#!ipxe\\nexit\\n\"}"),
        new Call("POST", "/api/inventory/computers/boot", "{\"query\": {\"rack\": \"r1\"}}"),
        new Call("DELETE", "/api/inventory/computers/dev-1/boot", null),
        new Call("POST", "/api/rpc/jobs", "{\"query\": {}, \"instruction\": {\"method\": \"echo\", \"args\": [\"again\"]}}"));
  }

  @Test
  void everyRouteNeedsAToken() throws Exception {
    List<Call> all = new ArrayList<>(reads());
    all.addAll(changes());
    for (Call c : all) {
      assertError(c.send(null), 401, "X-AUTH-TOKEN HEADER NOT FOUND");
      assertError(c.send("wrong"), 401, "X-Auth-Token is not valid");
    }
  }

  @Test
  void aReadOnlyTokenReadsEverythingAndChangesNothing() throws Exception {
    for (Call c : reads()) {
      Http.Reply r = c.send(RO);
      assertThat(r.status()).as(c + ": " + r.body()).isEqualTo(200);
    }
    long jobsBefore = stack.rpc.store().jobs(null, 0).size();
    for (Call c : changes()) {
      assertError(c.send(RO), 403, "Permission denied: " + c.action() + " needs role operator; ro-user has read-only");
    }
    assertThat(stack.rpc.store().jobs(null, 0)).hasSize((int) jobsBefore);
    assertThat(inventory.devices().find(new Document("mercury_id", "dev-1")).first().get("boot", Document.class))
        .as("boot untouched by the refused calls").isNotNull();
    List<AuditRecord> denied = audit.find(new AuditQuery("ro-user", null, null, Outcome.DENIED, null, null, 100));
    assertThat(denied).extracting(AuditRecord::action).containsExactlyInAnyOrderElementsOf(changes().stream().map(Call::action).toList());
    assertThat(denied).allSatisfy(r -> {
      assertThat(r.who().tokenName()).isEqualTo("ro-user");
      assertThat(r.who().role()).isEqualTo("read-only");
      assertThat(r.service()).isEqualTo(ApiService.NAME);
    });
    assertThat(audit.find(new AuditQuery("ro-user", null, null, Outcome.OK, null, null, 100))).as("reads are not audited").isEmpty();
  }

  @Test
  void anOperatorTokenMakesEveryChangeAndEachIsAudited() throws Exception {
    for (Call c : changes()) {
      Http.Reply r = c.send(OP);
      assertThat(r.status()).as(c + ": " + r.body()).isEqualTo(200);
    }
    List<AuditRecord> ok = audit.find(new AuditQuery("op-user", null, null, Outcome.OK, null, null, 100));
    assertThat(ok).extracting(AuditRecord::action).contains(changes().stream().map(Call::action).toArray(String[]::new));
    AuditRecord job = audit.find(new AuditQuery("op-user", "POST /api/rpc/jobs", null, null, null, null, 1)).getFirst();
    assertThat(job.targets()).containsEntry("path", "/api/rpc/jobs").containsKey("body").containsEntry("result", Map.of("status", 200L));
    String newJob = (String) stack.rpc.store().jobs(null, 0).stream()
        .filter(d -> !jobId.equals(d.get("job_id"))).findFirst().orElseThrow().get("requested_by");
    assertThat(newJob).isEqualTo("op-user");
  }

  @Test
  void aDigestWithoutRoleIsAnOperator() throws Exception {
    Http.Reply r = new Http(api.port(), LEGACY).post("/api/inventory/computers/dev-1/boot/state", "{\"state\": \"agent\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(audit.find(new AuditQuery("token-" + TokenAuth.hash(LEGACY).substring(0, 8), null, null, null, null, null, 10)))
        .singleElement().satisfies(a -> assertThat(a.who().role()).isEqualTo("operator"));
  }

  @Test
  void aFailedChangeIsAuditedAsAnError() throws Exception {
    assertError(new Http(api.port(), OP).post("/api/inventory/computers/nope/boot/state", "{\"state\": \"local\"}"), 404, "does not exist");
    assertThat(audit.find(new AuditQuery("op-user", null, null, Outcome.ERROR, null, null, 10)))
        .anySatisfy(a -> {
          assertThat(a.targets()).containsEntry("path", "/api/inventory/computers/nope/boot/state").containsEntry("result", Map.of("status", 404L));
          assertThat(a.detail()).contains("does not exist");
        });
  }

  @Test
  void badTokenEntriesAreRefusedAtStart() {
    String hex = TokenAuth.hash("x");
    assertThatThrownBy(() -> TokenAuth.of(List.of(hex + " wizard bob"))).hasMessageContaining("unknown role 'wizard'");
    assertThatThrownBy(() -> TokenAuth.of(List.of(hex + " agent bob"))).hasMessageContaining("role agent is not for API tokens");
    assertThatThrownBy(() -> TokenAuth.of(List.of(hex + " operator"))).hasMessageContaining("'<sha256-hex> <role> <name>'");
  }
}
