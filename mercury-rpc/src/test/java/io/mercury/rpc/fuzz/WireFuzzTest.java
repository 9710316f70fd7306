package io.mercury.rpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.fuzz.FuzzResult;
import io.mercury.common.fuzz.FuzzSockets;
import io.mercury.common.fuzz.HostileMessages;
import io.mercury.common.fuzz.ZmqFuzzer;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Seeded, reproducible hostile input against every ZeroMQ socket of the RPC path: inventory, rpc
 * frontend, backend, the agent's ROUTER and its pong REP. Mutated valid requests (bit flips, truncation,
 * type swaps, huge integers, nesting past the limit, giant values, lying length headers), random frames,
 * wrong frame counts and raw TCP garbage. Every message to a ROUTER must get a map reply, every REQ to
 * the pong socket too; afterwards each service still answers a well-formed request correctly. The seed is
 * in each failure message; set {@code -Dmercury.fuzz.seed=N -Dmercury.fuzz.messages=M} to replay or run
 * longer.
 */
class WireFuzzTest {
  private static final long SEED = Long.getLong("mercury.fuzz.seed", 20261201L);
  private static final int MESSAGES = Integer.getInteger("mercury.fuzz.messages", 300);
  private static final int GIANT = 64 * 1024;
  static final List<String> FRONTEND = List.of("create_job", "get_job", "get_job_status", "get_job_tasks", "get_task", "get_jobs", "get_active_tasks_by_mercury_id", "update_task", "complete_task", "cancel_job", "nope");
  static final List<String> BACKEND = List.of("register", "update", "update_task", "complete_task", "enqueue_tasks", "cancel_tasks", "backend_status", "nope");
  static final List<String> INVENTORY = List.of("insert_one", "update_one", "get_one", "query", "count", "delete", "update_boot", "update_boot_many", "nope");

  private TestingInventory inventory;
  private TestingRpc rpc;
  private TestingAgent agent;
  private final ZContext context = new ZContext();

  @BeforeEach
  void start() throws Exception {
    inventory = TestingInventory.start();
    rpc = TestingRpc.start(inventory.endpoint());
    agent = TestingAgent.start(rpc.backendEndpoint());
  }

  @AfterEach
  void stop() throws Exception {
    context.close();
    agent.close();
    rpc.close();
    inventory.close();
  }

  @Test
  void everySocketAnswersEveryHostileMessageAndStillWorks() {
    Random random = new Random(SEED);
    ZmqFuzzer fuzzer = new ZmqFuzzer(new FuzzSockets(context, 10_000), random);
    List<FuzzResult> results = new ArrayList<>();
    results.add(fuzzer.router("inventory", inventory.endpoint(), messages(random, HostileMessages.endpointRequests(INVENTORY)), MESSAGES));
    results.add(fuzzer.router("rpc frontend", rpc.frontendEndpoint(), messages(random, HostileMessages.endpointRequests(FRONTEND)), MESSAGES));
    results.add(fuzzer.router("rpc backend", rpc.backendEndpoint(), messages(random, HostileMessages.endpointRequests(BACKEND)), MESSAGES));
    results.add(fuzzer.router("agent", agent.rpcEndpoint(), messages(random, WireFuzzTest::agentMessage), MESSAGES));
    results.add(fuzzer.rep("agent pong", agent.pongEndpoint(), messages(random, r -> Map.of("message", "ping", "timestamp", r.nextDouble() * 2e9)), MESSAGES / 3));
    for (String endpoint : List.of(inventory.endpoint(), rpc.frontendEndpoint(), rpc.backendEndpoint(), agent.rpcEndpoint(), agent.pongEndpoint())) {
      results.add(fuzzer.rawTcp(endpoint, endpoint, 20));
    }
    for (FuzzResult r : results) {
      assertThat(r.unanswered()).as(r + " (seed " + SEED + ")").isZero();
    }

    assertThat(fuzzer.call(inventory.endpoint(), Map.of("endpoint", "count", "args", List.of(Map.of())))).containsEntry("error", false);
    assertThat(fuzzer.call(rpc.frontendEndpoint(), Map.of("endpoint", "get_jobs"))).containsEntry("error", false);
    assertThat(fuzzer.call(rpc.backendEndpoint(), Map.of("endpoint", "backend_status"))).containsEntry("error", false);
    assertThat(fuzzer.call(agent.rpcEndpoint(), Map.of("_protocol_message", "keep_alive"))).containsEntry("_protocol_message", "keep_alive_confirmed");
    // a fresh REQ connection can lose its first message in JeroMQ (the fuzzer proves its connections the
    // same way), so each try is a new socket; the pong socket must answer one of them
    await().atMost(Duration.ofSeconds(30)).until(this::pongAnswers);
  }

  private boolean pongAnswers() {
    try (ZMQ.Socket req = new FuzzSockets(context, 2_000).connect(SocketType.REQ, agent.pongEndpoint())) {
      req.send(MsgPack.encode(Map.of("message", "ping", "timestamp", 1.0)));
      byte[] reply = req.recv();
      return reply != null && MsgPack.decode(reply) instanceof Map<?, ?> m && "pong".equals(m.get("message"));
    } catch (io.mercury.common.codec.MalformedMessageException e) {
      return false;
    }
  }

  private static HostileMessages messages(Random random, Function<Random, Map<String, Object>> valid) {
    return new HostileMessages(random, valid, GIANT);
  }

  private static Map<String, Object> agentMessage(Random random) {
    HostileMessages values = new HostileMessages(random, r -> Map.of(), 0);
    Map<String, Object> message = new LinkedHashMap<>();
    List<String> categories = List.of("rpc", "cancel", "nope");
    if (random.nextInt(6) != 0) {
      message.put("category", categories.get(random.nextInt(categories.size())));
    }
    // never "run": random words must not become commands on the machine running the tests
    List<String> methods = List.of("echo", "inspector", "check_hardware", "no_such");
    message.put("method", methods.get(random.nextInt(methods.size())));
    message.put("args", java.util.Collections.singletonList(values.randomValue(1)));
    message.put("kwargs", values.randomMap(1));
    if (random.nextInt(4) != 0) {
      message.put("task_id", "fuzz-" + random.nextInt(50));
      message.put("job_id", "fuzz-job");
    }
    return message;
  }
}
