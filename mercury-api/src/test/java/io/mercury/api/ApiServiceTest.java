package io.mercury.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.inventory.testing.TestingInventory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route and error of the API over real HTTP, against a real inventory, rpc and agent. */
class ApiServiceTest {
  static ApiStack stack;
  static TestingInventory inventory;
  static TestingAgent agent;
  static ApiService api;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    stack = new ApiStack();
    inventory = stack.inventory;
    agent = stack.agent;
    api = stack.api(new ApiService.Settings("127.0.0.1", 0, 250, List.of()));
    http = new Http(api.port(), null);
    for (int i = 1; i <= 6; i++) {
      inventory.insert(Map.of("mercury_id", "dev-" + i, "dmi", Map.of("sys_vendor", i % 2 == 0 ? "HP" : "Dell"), "mem", Map.of("Dirty", i)));
    }
    stack.awaitAgentActive();
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

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  static void assertError(Http.Reply r, int status, String message) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.json()).containsEntry("error", true);
    assertThat((String) r.message()).contains(message);
  }

  @Test
  void activeComputers() throws Exception {
    Http.Reply list = http.get("/api/active/computers");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json()).containsEntry("total", 1).containsEntry("limit", 250).containsEntry("sort_direction", "ASCENDING");
    assertThat((List<?>) list.json().get("items")).singleElement().satisfies(i -> assertThat(asMap(i)).containsEntry("mercury_id", agent.mercuryId()));
    Http.Reply params = http.get("/api/active/computers?limit=5&sort_direction=-1&projection=dmi.sys_vendor,active.rpc_port");
    assertThat(params.json()).containsEntry("limit", 5).containsEntry("sort_direction", "DESCENDING");
    Http.Reply junk = http.get("/api/active/computers?limit=five&sort_direction=up&unknown=1&offset_id=null&projection=null");
    assertThat(junk.json()).containsEntry("limit", 250).containsEntry("sort_direction", "ASCENDING");
    assertThat(http.get("/api/active/computers?limit=-200").json()).containsEntry("limit", 250);

    Http.Reply detail = http.get("/api/active/computers/" + agent.mercuryId());
    assertThat(detail.status()).isEqualTo(200);
    assertThat(detail.json()).containsEntry("mercury_id", agent.mercuryId()).containsKey("active");
    Http.Reply projected = http.get("/api/active/computers/" + agent.mercuryId() + "?projection=mercury_id,dmi");
    assertThat(projected.json()).containsKey("dmi").doesNotContainKey("active");
    for (String bad : List.of("invalid_device_id_123", "0", "9999999999999999999", "None", "dev-1", "%21%40%23%24%25%5E%26*()_")) {
      assertError(http.get("/api/active/computers/" + bad), 404, "does not exist in inventory");
    }
    assertError(http.get("/api/active/computers/query"), 405, "not allowed");
    assertError(http.post("/api/active/computers", "{}"), 405, "not allowed");
    assertError(http.get("/api/active/typo"), 404, "no such path");

    int rpcPort = ((Number) ((Map<?, ?>) detail.json().get("active")).get("rpc_port")).intValue();
    Http.Reply query = http.post("/api/active/computers/query", "{\"query\": {\"active.rpc_port\": " + rpcPort + "}}");
    assertThat(query.json()).containsEntry("total", 1);
    Http.Reply none = http.post("/api/active/computers/query", "{\"query\": {\"dmi.sys_vendor\": \"HP\"}}");
    assertThat(none.json()).containsEntry("total", 0);
    assertError(http.post("/api/active/computers/typo/query", "{}"), 404, "no such path");
  }

  @Test
  void inventoryComputers() throws Exception {
    Http.Reply list = http.get("/api/inventory/computers");
    assertThat(list.json()).containsEntry("total", 7);
    assertThat((List<?>) list.json().get("items")).allSatisfy(i -> assertThat(asMap(i)).containsKey("mercury_id").doesNotContainKey("dmi"));
    Http.Reply paged = http.get("/api/inventory/computers?limit=2&projection=dmi.sys_vendor&sort_key=mercury_id");
    List<?> items = (List<?>) paged.json().get("items");
    assertThat(items).hasSize(2).allSatisfy(i -> assertThat(asMap(i)).containsKey("dmi"));

    Http.Reply detail = http.get("/api/inventory/computers/dev-2");
    assertThat(detail.json()).containsEntry("mercury_id", "dev-2").containsEntry("dmi", Map.of("sys_vendor", "HP"));
    assertThat(http.get("/api/inventory/computers/dev-2?projection=mem.Dirty").json()).containsKey("mem").doesNotContainKey("dmi");
    assertError(http.get("/api/inventory/computers/nope"), 404, "mercury_id nope does not exist in inventory");
    assertError(http.get("/api/inventory/computers/query"), 405, "not allowed");
    assertError(http.get("/api/inventory/computers/count"), 405, "not allowed");

    Http.Reply query = http.post("/api/inventory/computers/query", "{\"query\": {\"dmi.sys_vendor\": \"HP\"}}");
    assertThat(query.json()).containsEntry("total", 3);
    Http.Reply count = http.post("/api/inventory/computers/count", "{\"query\": {\"mem.Dirty\": {\"$gt\": 3}}}");
    assertThat(count.json()).isEqualTo(Map.of("count", 3));
  }

  @Test
  void badBodiesSayWhatIsWrong() throws Exception {
    assertError(http.post("/api/inventory/computers/query", ""), 400, "request body is empty");
    assertError(http.post("/api/inventory/computers/query", "{\"query\": "), 400, "request body is not valid JSON");
    assertError(http.post("/api/inventory/computers/query", "[1]"), 400, "request body must be a JSON object, was an array");
    assertError(http.post("/api/inventory/computers/query", "{}"), 400, "Query is missing from request or is malformed: 'query' must be a JSON object, was missing or null");
    assertError(http.post("/api/inventory/computers/count", "{\"query\": \"x\"}"), 400, "was a string");
    assertError(http.post("/api/inventory/computers/query", "{\"query\": {\"$where\": \"1\"}}"), 400, "inventory refused the request");
  }

  @Test
  void bootRoutes() throws Exception {
    inventory.insert(Map.of("mercury_id", "boot-1", "rack", "r1"));
    inventory.insert(Map.of("mercury_id", "boot-2", "rack", "r1"));
    inventory.insert(Map.of("mercury_id", "boot-3", "rack", "r2"));
    assertThat(http.get("/api/inventory/computers/boot-1/boot").json()).isEmpty();

    Http.Reply one = http.post("/api/inventory/computers/boot-1/boot/state", "{\"state\": \"local\"}");
    assertThat(one.json()).isEqualTo(Map.of("matched_count", 1, "modified_count", 1));
    assertThat(http.get("/api/inventory/computers/boot-1/boot").json()).isEqualTo(Map.of("boot", Map.of("state", "local")));
    assertError(http.post("/api/inventory/computers/boot-1/boot/state", "{\"state\": \"disk\"}"), 400, "State must be one of agent,local,rescue");
    assertError(http.post("/api/inventory/computers/boot-1/boot/state", "{}"), 400, "`state` is not provided in request");
    assertError(http.post("/api/inventory/computers/nope/boot/state", "{\"state\": \"local\"}"), 404, "mercury_id nope does not exist");
    assertError(http.get("/api/inventory/computers/nope/boot"), 404, "does not exist");

    Http.Reply many = http.post("/api/inventory/computers/boot/state", "{\"query\": {\"rack\": \"r1\"}, \"state\": \"rescue\"}");
    assertThat(many.json()).containsEntry("matched_count", 2);
    assertError(http.post("/api/inventory/computers/boot/state", "{\"query\": {\"rack\": \"r1\"}}"), 400, "`state` is not provided");
    assertError(http.post("/api/inventory/computers/boot/state", "{\"state\": \"local\"}"), 400, "Query is missing");

    Http.Reply script = http.post("/api/inventory/computers/boot-3/boot/script", "{\"script\": \"#!ipxe\\necho {{mercury_id}}\\n\"}");
    assertThat(script.json()).containsEntry("matched_count", 1);
    assertThat(http.get("/api/inventory/computers/boot-3/boot").json())
        .isEqualTo(Map.of("boot", Map.of("script", "#!ipxe\necho {{mercury_id}}\n")));
    assertError(http.post("/api/inventory/computers/boot-3/boot/script", "{\"script\": 5}"), 400, "`script` must be a string");
    assertError(http.post("/api/inventory/computers/boot-3/boot/script", "{}"), 400, "`script` is not provided");
    Http.Reply scripts = http.post("/api/inventory/computers/boot/script", "{\"query\": {\"rack\": \"r1\"}, \"script\": \"#!ipxe\\nexit\\n\"}");
    assertThat(scripts.json()).containsEntry("matched_count", 2);

    Http.Reply clear = http.post("/api/inventory/computers/boot", "{\"query\": {\"rack\": \"r1\"}}");
    assertThat(clear.json()).containsEntry("matched_count", 2);
    Map<String, Object> cleared = new java.util.HashMap<>();
    cleared.put("state", "agent");
    cleared.put("script", null);
    assertThat(http.get("/api/inventory/computers/boot-2/boot").json()).isEqualTo(Map.of("boot", cleared));
    Http.Reply delete = http.send("DELETE", "/api/inventory/computers/boot-3/boot", null);
    assertThat(delete.json()).containsEntry("matched_count", 1);
    assertThat(http.get("/api/inventory/computers/boot-3/boot").json()).isEqualTo(Map.of("boot", cleared));
    assertError(http.send("DELETE", "/api/inventory/computers/nope/boot", null), 404, "does not exist");
    assertError(http.get("/api/inventory/computers/boot/state"), 405, "not allowed");
  }

  @Test
  @SuppressWarnings("unchecked")
  void rpcJobsAndTasks() throws Exception {
    Http.Reply created =
        http.post("/api/rpc/jobs", "{\"query\": {}, \"instruction\": {\"method\": \"echo\", \"args\": [\"Hello World!\"]}}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String jobId = (String) created.json().get("job_id");
    assertThat(created.json()).containsEntry("targets", 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/rpc/jobs/" + jobId).json().get("time_completed") != null);
    Http.Reply job = http.get("/api/rpc/jobs/" + jobId);
    assertThat(job.json()).containsEntry("job_id", jobId).containsKey("instruction");
    Http.Reply status = http.get("/api/rpc/jobs/" + jobId + "/status");
    assertThat(status.json()).containsEntry("has_failures", false);
    assertThat((List<Map<String, Object>>) status.json().get("tasks")).singleElement().satisfies(t -> assertThat(t).containsEntry("status", "SUCCESS"));
    Http.Reply tasks = http.get("/api/rpc/jobs/" + jobId + "/tasks");
    assertThat(tasks.json()).containsEntry("count", 1);
    String taskId = (String) ((List<Map<String, Object>>) tasks.json().get("tasks")).getFirst().get("task_id");
    Http.Reply task = http.get("/api/rpc/task/" + taskId);
    assertThat(task.json()).containsEntry("task_id", taskId).containsEntry("message", "Hello World!");
    Http.Reply jobs = http.get("/api/rpc/jobs");
    assertThat(jobs.json()).containsKey("count");
    assertThat((List<Map<String, Object>>) jobs.json().get("jobs")).anySatisfy(j -> assertThat(j).containsEntry("job_id", jobId).doesNotContainKey("instruction"));

    assertError(http.post("/api/rpc/jobs", "{\"query\": {}, \"instruction\": \"echo\"}"), 400, "Command is missing from request or is malformed");
    assertError(http.post("/api/rpc/jobs", "{\"query\": 1, \"instruction\": {\"method\": \"echo\"}}"), 400, "Query is missing from request or is malformed");
    assertError(http.post("/api/rpc/jobs", ""), 400, "request body is empty");
    assertError(http.post("/api/rpc/jobs", "{\"query\": {\"dmi.sys_vendor\": \"nobody\"}, \"instruction\": {\"method\": \"echo\", \"args\": [1]}}"), 404, "Query did not match any active agents");
    assertError(http.post("/api/rpc/jobs", "{\"query\": {}, \"instruction\": {\"args\": []}}"), 400, "rpc refused the request");
    assertError(http.get("/api/rpc/jobs/nope"), 404, "Job nope does not exist");
    assertError(http.get("/api/rpc/jobs/nope/status"), 404, "Job nope does not exist");
    assertError(http.get("/api/rpc/jobs/nope/tasks"), 404, "No tasks exist for job nope");
    assertError(http.get("/api/rpc/task/nope"), 404, "Task not found");
    assertError(http.post("/api/rpc/jobs/" + jobId, "{}"), 405, "not allowed");
    assertError(http.post("/api/rpc/task/" + taskId, "{}"), 405, "not allowed");
    assertError(http.send("DELETE", "/api/rpc/jobs", null), 405, "not allowed");
    assertError(http.get("/api/rpc/typos"), 404, "no such path");
    assertError(http.get("/api/rpc/tasktypo"), 404, "no such path");
    assertError(http.get("/typos/jobs"), 404, "no such path");
  }
}
