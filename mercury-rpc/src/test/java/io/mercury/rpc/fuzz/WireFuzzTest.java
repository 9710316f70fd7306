package io.mercury.rpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Seeded, reproducible hostile input against every ZeroMQ service of the RPC path (inventory, rpc
 * frontend, backend, agent): random bytes, truncated and random msgpack, requests to real endpoints with
 * random arguments, agent messages with random categories and methods, and envelopes without the empty
 * delimiter. Every message must get a reply that is a msgpack map; afterwards each service still
 * answers a well-formed request correctly. The seed is in the test name of a failure; set
 * {@code -Dmercury.fuzz.seed=N -Dmercury.fuzz.messages=M} to replay or run longer.
 */
class WireFuzzTest {
  private static final long SEED = Long.getLong("mercury.fuzz.seed", 20261201L);
  private static final int MESSAGES = Integer.getInteger("mercury.fuzz.messages", 300);
  private static final List<String> FRONTEND = List.of("create_job", "get_job", "get_job_status", "get_job_tasks", "get_task", "get_jobs", "get_active_tasks_by_mercury_id", "update_task", "complete_task", "cancel_job", "nope");
  private static final List<String> BACKEND = List.of("register", "update", "update_task", "complete_task", "enqueue_tasks", "cancel_tasks", "backend_status", "nope");
  private static final List<String> INVENTORY = List.of("insert_one", "update_one", "get_one", "query", "count", "delete", "update_boot", "update_boot_many", "nope");

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
  void everyServiceAnswersEveryHostileMessageAndStillWorks() {
    Random random = new Random(SEED);
    fuzz("inventory", inventory.endpoint(), random, r -> endpointRequest(r, INVENTORY));
    fuzz("rpc frontend", rpc.frontendEndpoint(), random, r -> endpointRequest(r, FRONTEND));
    fuzz("rpc backend", rpc.backendEndpoint(), random, r -> endpointRequest(r, BACKEND));
    fuzz("agent", agent.rpcEndpoint(), random, WireFuzzTest::agentMessage);

    assertThat(call(inventory.endpoint(), Map.of("endpoint", "count", "args", List.of(Map.of())))).containsEntry("error", false);
    assertThat(call(rpc.frontendEndpoint(), Map.of("endpoint", "get_jobs"))).containsEntry("error", false);
    assertThat(call(rpc.backendEndpoint(), Map.of("endpoint", "backend_status"))).containsEntry("error", false);
    assertThat(call(agent.rpcEndpoint(), Map.of("_protocol_message", "keep_alive"))).containsEntry("_protocol_message", "keep_alive_confirmed");
  }

  private interface Generator {
    Object next(Random random);
  }

  private void fuzz(String name, String endpoint, Random random, Generator requests) {
    try (ZMQ.Socket dealer = context.createSocket(SocketType.DEALER)) {
      dealer.setLinger(0);
      dealer.setReceiveTimeOut(10_000);
      dealer.connect(endpoint);
      for (int i = 0; i < MESSAGES; i++) {
        int kind = random.nextInt(5);
        byte[] payload =
            switch (kind) {
              case 0 -> randomBytes(random);
              case 1 -> truncate(random, MsgPack.encode(requests.next(random)));
              case 2 -> MsgPack.encode(randomValue(random, 3));
              default -> MsgPack.encode(requests.next(random));
            };
        boolean delimiter = random.nextInt(10) != 0;
        if (delimiter) {
          dealer.sendMore(new byte[0]);
        }
        dealer.send(payload);
        String what = name + " message " + i + " (seed " + SEED + ", kind " + kind + ", delimiter " + delimiter + ")";
        byte[] reply = dealer.recv();
        assertThat(reply).as("no reply to " + what).isNotNull();
        if (reply.length == 0) { // the empty delimiter came back first
          reply = dealer.recv();
          assertThat(reply).as("no payload after the delimiter for " + what).isNotNull();
        }
        Object decoded;
        try {
          decoded = MsgPack.decode(reply);
        } catch (MalformedMessageException e) {
          throw new AssertionError("unreadable reply to " + what, e);
        }
        assertThat(decoded).as("reply to " + what).isInstanceOf(Map.class);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> call(String endpoint, Map<String, Object> request) {
    try (ZMQ.Socket dealer = context.createSocket(SocketType.DEALER)) {
      dealer.setLinger(0);
      dealer.setReceiveTimeOut(10_000);
      dealer.connect(endpoint);
      dealer.sendMore(new byte[0]);
      dealer.send(MsgPack.encode(request));
      dealer.recv();
      return (Map<String, Object>) MsgPack.decode(dealer.recv());
    } catch (MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  private static Object endpointRequest(Random random, List<String> endpoints) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("endpoint", random.nextInt(8) == 0 ? randomValue(random, 1) : endpoints.get(random.nextInt(endpoints.size())));
    if (random.nextBoolean()) {
      List<Object> args = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        args.add(randomValue(random, 3));
      }
      request.put("args", random.nextInt(10) == 0 ? randomValue(random, 1) : args);
    }
    if (random.nextBoolean()) {
      request.put("kwargs", random.nextInt(10) == 0 ? randomValue(random, 1) : randomMap(random, 2));
    }
    return request;
  }

  private static Object agentMessage(Random random) {
    Map<String, Object> message = new LinkedHashMap<>();
    List<String> categories = List.of("rpc", "cancel", "nope");
    if (random.nextInt(6) != 0) {
      message.put("category", random.nextInt(8) == 0 ? randomValue(random, 1) : categories.get(random.nextInt(categories.size())));
    }
    // never "run": random words must not become commands on the machine running the tests
    List<String> methods = List.of("echo", "inspector", "check_hardware", "reboot", "kexec", "no_such");
    message.put("method", random.nextInt(8) == 0 ? randomValue(random, 1) : methods.get(random.nextInt(methods.size())));
    if (random.nextBoolean()) {
      message.put("args", random.nextInt(5) == 0 ? randomValue(random, 1) : java.util.Collections.singletonList(randomValue(random, 1)));
    }
    if (random.nextBoolean()) {
      message.put("kwargs", random.nextInt(5) == 0 ? randomValue(random, 1) : randomMap(random, 1));
    }
    if (random.nextInt(4) != 0) {
      message.put("task_id", "fuzz-" + random.nextInt(50));
      message.put("job_id", "fuzz-job");
    }
    return message;
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 9 : 6);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextLong() >> random.nextInt(64);
      case 3 -> random.nextDouble() * 1e6;
      case 4 -> randomString(random);
      case 5 -> new byte[] {(byte) random.nextInt(), (byte) 0xff};
      case 6, 7 -> randomMap(random, depth - 1);
      default -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(random, depth - 1));
        }
        yield list;
      }
    };
  }

  private static Map<String, Object> randomMap(Random random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    List<String> keys = List.of("mercury_id", "task_id", "job_id", "status", "message", "$where", "active", "query", "x");
    for (int i = random.nextInt(4); i > 0; i--) {
      map.put(random.nextBoolean() ? keys.get(random.nextInt(keys.size())) : randomString(random), depth > 0 ? randomValue(random, depth) : randomString(random));
    }
    return map;
  }

  private static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      s.append((char) (random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x2000) : 'a' + random.nextInt(26)));
    }
    return s.toString();
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(64)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] truncate(Random random, byte[] valid) {
    byte[] out = new byte[Math.max(1, random.nextInt(valid.length))];
    System.arraycopy(valid, 0, out, 0, out.length);
    return out;
  }
}
