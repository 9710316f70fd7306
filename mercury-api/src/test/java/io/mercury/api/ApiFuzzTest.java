package io.mercury.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.fuzz.HttpFuzzer;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded hostile HTTP against every API route: random methods, traversal, junk query strings (limits,
 * sort keys, projections with operators), huge, duplicated and malformed headers, malformed and huge
 * JSON bodies with JavaScript operators, and slowloris connections. No answer is a 5xx or shows a stack
 * trace; afterwards the inventory, the job list and a refused query still answer correctly. Replay with
 * {@code -Dmercury.fuzz.seed=N -Dmercury.fuzz.messages=M}.
 */
class ApiFuzzTest {
  private static final long SEED = Long.getLong("mercury.fuzz.seed", 20261201L);
  private static final int REQUESTS = Integer.getInteger("mercury.fuzz.messages", 300);
  private static final List<String> PATHS =
      List.of(
          "/api/active/computers", "/api/active/computers/dev-1", "/api/active/computers/query",
          "/api/inventory/computers", "/api/inventory/computers/dev-1", "/api/inventory/computers/query",
          "/api/inventory/computers/boot/state", "/api/inventory/computers/dev-1/boot/state",
          "/api/inventory/computers/boot/script", "/api/inventory/computers/dev-1/boot", "/api/inventory/computers/boot",
          "/api/rpc/jobs", "/api/rpc/jobs/j1", "/api/rpc/jobs/j1/status", "/api/rpc/jobs/j1/tasks", "/api/rpc/task/t1", "/");

  private static byte[] post(String path, String body, int contentLength) {
    return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n" + body)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void hostileRequestsGetClientErrorsAndTheApiKeepsAnswering() throws Exception {
    try (TestingInventory inventory = TestingInventory.start();
        TestingRpc rpc = TestingRpc.start(inventory.endpoint());
        TestingAgent agent = TestingAgent.start(rpc.backendEndpoint());
        TestClients clients = new TestClients();
        ApiService api =
            ApiService.start(
                new ApiService.Settings("127.0.0.1", 0, 250, List.of()),
                clients.backend("inventory", inventory.endpoint()),
                clients.backend("rpc", rpc.frontendEndpoint()),
                inventory.audit(ApiService.NAME))) {
      inventory.insert(Map.of("mercury_id", "dev-1", "dmi", Map.of("sys_vendor", "HP")));
      HttpFuzzer fuzzer = new HttpFuzzer(new Random(SEED), "127.0.0.1", api.port(), 20_000);
      List<Socket> slow = fuzzer.slowloris(50);
      try {
        HttpFuzzer.Result result = fuzzer.fuzz(PATHS, REQUESTS);
        assertThat(result.serverErrors()).as(result.firstServerError() + " (seed " + SEED + ")").isZero();
        assertThat(result.answered()).as("answered of " + result.sent()).isGreaterThan(result.sent() / 2);

        HttpFuzzer.Response device = fuzzer.get("/api/inventory/computers/dev-1");
        assertThat(device.status()).isEqualTo(200);
        assertThat(device.body()).contains("\"mercury_id\":\"dev-1\"");
        assertThat(fuzzer.get("/api/rpc/jobs").status()).isEqualTo(200);
        String where = "{\"query\": {\"a\": {\"$elemMatch\": {\"$where\": 1}}}}";
        HttpFuzzer.Response refused = fuzzer.send(post("/api/inventory/computers/query", where, where.length()));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("\"error\":true").contains("$where is not allowed");
        // a body shorter than its Content-Length was a 500 naming Jetty's exception
        HttpFuzzer.Response shortBody = fuzzer.send(post("/api/inventory/computers/query", where, where.length() + 10));
        assertThat(shortBody.status()).as(shortBody.body()).isEqualTo(400);
        assertThat(shortBody.body()).contains("\"error\":true").contains("request body could not be read").doesNotContain("jetty");
        // a made-up charset was a 500 (IllegalCharsetNameException), found by bench fuzz
        HttpFuzzer.Response charset =
            fuzzer.send(
                "POST /api/rpc/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json; charset=\u00ff\r\nContent-Length: 5\r\n\r\n\"str\""
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(charset.status()).as(charset.body()).isEqualTo(400);
        assertThat(charset.body()).contains("charset that is not supported");
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }
}
