package io.mercury.api;

import static io.mercury.api.ApiServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.inventory.testing.TestingInventory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security finding F6: the token-less loopback API ran {@code POST /api/rpc/jobs} sent as
 * {@code text/plain} with {@code Origin: http://evil.example}, which any web page open on the API's host
 * can make a browser send, so any page could run a command on every agent. It also answered any
 * {@code Host}, so a page whose name was re-pointed at 127.0.0.1 (DNS rebinding) could read and change
 * as a same-origin page; and it took {@code api.host} for loopback when it began with "127.".
 */
class ApiCrossSiteTest {
  static final String JOB = "{\"query\": {}, \"instruction\": {\"method\": \"echo\", \"args\": [\"pwned\"]}}";

  static ApiStack stack;
  static TestingInventory inventory;
  static ApiService api;
  static RawHttp raw;

  @BeforeAll
  static void start() throws Exception {
    stack = new ApiStack();
    inventory = stack.inventory;
    api = stack.api(new ApiService.Settings("127.0.0.1", 0, 250, List.of()));
    raw = new RawHttp(api.port());
    inventory.insert(Map.of("mercury_id", "dev-1", "boot", Map.of("state", "local")));
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

  /** Every route that changes something, with a body it accepts. */
  static List<String[]> changes() {
    return List.of(
        new String[] {"POST", "/api/inventory/computers/boot/state", "{\"query\": {\"mercury_id\": \"dev-1\"}, \"state\": \"local\"}"},
        new String[] {"POST", "/api/inventory/computers/dev-1/boot/state", "{\"state\": \"local\"}"},
        new String[] {"POST", "/api/inventory/computers/boot/script", "{\"query\": {\"mercury_id\": \"dev-1\"}, \"script\": null}"},
        new String[] {"POST", "/api/inventory/computers/dev-1/boot/script", "{\"script\": null}"},
        new String[] {"POST", "/api/inventory/computers/boot", "{\"query\": {\"mercury_id\": \"dev-1\"}}"},
        new String[] {"DELETE", "/api/inventory/computers/dev-1/boot", null},
        new String[] {"POST", "/api/inventory/computers/query", "{\"query\": {}}"},
        new String[] {"POST", "/api/inventory/computers/count", "{\"query\": {}}"},
        new String[] {"POST", "/api/active/computers/query", "{\"query\": {}}"});
  }

  long jobs() {
    return stack.rpc.store().jobs(null, 0).size();
  }

  @Test
  void aPageOfAnotherSiteCannotStartAJob() throws Exception {
    long before = jobs();
    assertError(
        raw.send("POST", "/api/rpc/jobs", JOB, "Content-Type: text/plain", "Origin: http://evil.example"),
        403, "Origin 'http://evil.example' may not change anything here");
    assertError(raw.send("POST", "/api/rpc/jobs", JOB, "Content-Type: text/plain"), 415, "POST needs Content-Type: application/json, got 'text/plain'");
    assertError(
        raw.send("POST", "/api/rpc/jobs", "a=b", "Content-Type: application/x-www-form-urlencoded"), 415, "needs Content-Type: application/json");
    assertError(raw.send("POST", "/api/rpc/jobs", JOB, "Content-Type: multipart/form-data; boundary=x"), 415, "needs Content-Type");
    assertError(raw.send("POST", "/api/rpc/jobs", JOB), 415, "got none");
    assertError(
        raw.send("POST", "/api/rpc/jobs", JOB, "Content-Type: application/json", "Origin: http://evil.example"),
        403, "may not change anything here");
    assertThat(jobs()).as("no job was created").isEqualTo(before);

    Http.Reply ours = raw.send("POST", "/api/rpc/jobs", JOB, "Content-Type: application/json; charset=utf-8", "Origin: http://127.0.0.1:" + api.port());
    assertThat(ours.status()).as(ours.body()).isEqualTo(200);
    assertThat(jobs()).isEqualTo(before + 1);
  }

  @Test
  void everyChangeNeedsAJsonBody() throws Exception {
    for (String[] c : changes()) {
      assertError(raw.send(c[0], c[1], c[2], "Content-Type: text/plain"), 415, c[0] + " needs Content-Type: application/json");
      assertError(raw.send(c[0], c[1], c[2]), 415, "got none");
      Http.Reply json = raw.send(c[0], c[1], c[2], "Content-Type: Application/JSON");
      assertThat(json.status()).as(c[0] + " " + c[1] + ": " + json.body()).isEqualTo(200);
    }
  }

  @Test
  void changesFromAnotherOriginAreRefused() throws Exception {
    int port = api.port();
    for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:" + (port == 1 ? 2 : 1), "ftp://127.0.0.1:" + port,
        "http://127.0.0.1:" + port + ".evil.example", "http://localhost.evil.example:" + port, "not a url")) {
      for (String[] c : changes()) {
        assertError(raw.send(c[0], c[1], c[2], "Content-Type: application/json", "Origin: " + origin), 403, "may not change anything here");
      }
    }
    for (String origin : List.of("http://127.0.0.1:" + port, "https://localhost:" + port, "http://[::1]:" + port, "HTTP://LOCALHOST:" + port)) {
      for (String[] c : changes()) {
        Http.Reply r = raw.send(c[0], c[1], c[2], "Content-Type: application/json", "Origin: " + origin);
        assertThat(r.status()).as(origin + " " + c[1] + ": " + r.body()).isEqualTo(200);
      }
    }
    Http.Reply read = raw.send("GET", "/api/inventory/computers", null, "Origin: http://evil.example");
    assertThat(read.status()).as("a read with a foreign Origin answers: the browser keeps the answer from the page").isEqualTo(200);
  }

  @Test
  void aRequestForAnotherNameIsRefused() throws Exception {
    int port = api.port();
    for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1:" + (port == 1 ? 2 : 1), "127.0.0.1.evil.example:" + port,
        "[::2]:" + port)) {
      assertError(raw.sendAs(host, "GET", "/api/inventory/computers", null), 421, "is not one of the names this API answers to");
      assertError(raw.sendAs(host, "POST", "/api/rpc/jobs", JOB, "Content-Type: application/json"), 421, "api.allowed_hosts");
    }
    for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LocalHost:" + port, "127.0.0.1")) {
      Http.Reply r = raw.sendAs(host, "GET", "/api/inventory/computers", null);
      assertThat(r.status()).as(host + ": " + r.body()).isEqualTo(200);
    }
  }

  @Test
  void configuredNamesReplaceTheDefaults() throws Exception {
    try (ApiService named = stack.api(new ApiService.Settings("127.0.0.1", 0, 250, List.of(), List.of("API.example", "10.0.0.5:8443")))) {
      RawHttp http = new RawHttp(named.port());
      assertThat(http.sendAs("api.example:" + named.port(), "GET", "/api/inventory/computers", null).status()).isEqualTo(200);
      assertThat(http.sendAs("10.0.0.5:8443", "GET", "/api/inventory/computers", null).status()).isEqualTo(200);
      assertError(http.sendAs("localhost:" + named.port(), "GET", "/api/inventory/computers", null), 421, "api.allowed_hosts");
      assertError(http.sendAs("10.0.0.5:" + named.port(), "GET", "/api/inventory/computers", null), 421, "api.allowed_hosts");
      String query = "{\"query\": {}}";
      assertThat(http.sendAs("api.example", "POST", "/api/inventory/computers/count", query, "Content-Type: application/json", "Origin: https://10.0.0.5:8443").status())
          .isEqualTo(200);
      assertError(
          http.sendAs("api.example", "POST", "/api/inventory/computers/count", query, "Content-Type: application/json", "Origin: http://127.0.0.1:" + named.port()),
          403, "may not change anything here");
    }
    for (String bad : List.of("http://api.example", "api.example:99999", "api.example:", "a b", "::1")) {
      assertThatThrownBy(() -> stack.api(new ApiService.Settings("127.0.0.1", 0, 250, List.of(), List.of(bad))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("api.allowed_hosts: '" + bad + "' is not a host name or address");
    }
  }

  @Test
  void withoutTokensTheBindAddressMustResolveToLoopback() throws Exception {
    // "127." was taken for loopback by its spelling; this name does not resolve (or, behind a resolver
    // that answers for unknown names, not to loopback)
    assertThatThrownBy(() -> stack.api(new ApiService.Settings("127.attacker.invalid", 0, 250, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("api.host is 127.attacker.invalid, ")
        .hasMessageContaining("and api.auth.tokens is empty");
    assertThatThrownBy(() -> stack.api(new ApiService.Settings("0.0.0.0", 0, 250, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not loopback (0.0.0.0)");
    try (ApiService local = stack.api(new ApiService.Settings("localhost", 0, 250, List.of()))) {
      assertThat(new RawHttp(local.port()).sendAs("localhost:" + local.port(), "GET", "/api/inventory/computers", null).status()).isEqualTo(200);
    }
  }

  @Test
  void withoutTokensOnlyLoopbackPeersAreServed() {
    assertThat(Loopback.isLoopbackAddress("127.0.0.1")).isTrue();
    assertThat(Loopback.isLoopbackAddress("127.4.5.6")).isTrue();
    assertThat(Loopback.isLoopbackAddress("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(Loopback.isLoopbackAddress("[::1]")).isTrue();
    assertThat(Loopback.isLoopbackAddress("10.0.0.1")).isFalse();
    assertThat(Loopback.isLoopbackAddress("::ffff:10.0.0.1")).isFalse();
    assertThat(Loopback.isLoopbackAddress("fe80::1")).isFalse();
    assertThat(Loopback.isLoopbackAddress("localhost")).as("a name, not an address").isFalse();
    assertThat(Loopback.isLoopbackAddress("127.attacker.invalid")).isFalse();
    assertThat(Loopback.isLoopbackAddress(null)).isFalse();
  }
}
