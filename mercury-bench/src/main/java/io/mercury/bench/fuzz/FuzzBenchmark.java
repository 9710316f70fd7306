package io.mercury.bench.fuzz;

import io.mercury.bench.fleet.BenchStack;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.fuzz.FuzzResult;
import io.mercury.common.fuzz.FuzzSockets;
import io.mercury.common.fuzz.HostileMessages;
import io.mercury.common.fuzz.HttpFuzzer;
import io.mercury.common.fuzz.ZmqFuzzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * {@code mercury bench fuzz [--seed S] [--messages N] [--minutes M] [--giant-bytes B]}: starts the
 * whole stack as real processes (store, inventory, rpc, backend, log, agent, boot, api), then in rounds
 * sends every ZeroMQ socket {@code N} hostile messages, raw TCP garbage and hostile subscribers, and both
 * HTTP services {@code N} hostile requests, until {@code M} minutes have passed (one round when 0).
 * Each daemon's RSS is sampled every round and its heap after a full GC at the start and the end. Prints
 * messages, replies, unanswered and deaths per service and RSS start/peak/end; exits 1 if a daemon died
 * or a well-formed request went unanswered afterwards.
 */
public final class FuzzBenchmark {
  private static final List<String> DAEMONS = List.of("inventory", "rpc", "backend", "log", "agent", "boot", "api");

  private FuzzBenchmark() {}

  public static void main(String[] args) throws Exception {
    long seed = 20261201L;
    int messages = 2000;
    double minutes = 0;
    int giant = 1 << 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--messages" -> messages = Integer.parseInt(args[++i]);
        case "--minutes" -> minutes = Double.parseDouble(args[++i]);
        case "--giant-bytes" -> giant = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: mercury bench fuzz [--seed S] [--messages N] [--minutes M] [--giant-bytes B]");
          System.exit(2);
        }
      }
    }
    Path root = Path.of(System.getProperty("mercury.root", "."));
    try (BenchStack stack = new BenchStack(root, null, false).start(); ZContext context = new ZContext()) {
      Map<String, String> zmq = startRest(stack);
      int bootPort = Integer.parseInt(zmq.remove("boot-port"));
      int apiPort = Integer.parseInt(zmq.remove("api-port"));
      Map<String, Long> pids = stack.pids();
      Map<String, long[]> rss = new LinkedHashMap<>(); // start, peak, end (kB)
      Map<String, Long> heapStart = new LinkedHashMap<>();
      for (String d : DAEMONS) {
        long r = rssKb(pids.get(d));
        rss.put(d, new long[] {r, r, r});
        heapStart.put(d, heapAfterGcKb(pids.get(d)));
      }
      Random random = new Random(seed);
      ZmqFuzzer fuzzer = new ZmqFuzzer(new FuzzSockets(context, 15_000), random);
      Map<String, FuzzResult> results = new LinkedHashMap<>();
      Map<String, HttpFuzzer.Result> http = new LinkedHashMap<>();
      long deadline = System.nanoTime() + (long) (minutes * 60e9);
      int rounds = 0;
      do {
        rounds++;
        List<ZMQ.Socket> slow = fuzzer.subscribers(zmq.get("log follow"), 20, 20);
        add(results, fuzzer.router("inventory", zmq.get("inventory"), new HostileMessages(random, HostileMessages.endpointRequests(List.of("insert_one", "update_one", "get_one", "query", "count", "delete", "update_boot", "update_boot_many", "nope")), giant), messages));
        add(results, fuzzer.router("rpc", zmq.get("rpc"), new HostileMessages(random, HostileMessages.endpointRequests(List.of("create_job", "get_job", "get_job_status", "get_job_tasks", "get_task", "get_jobs", "get_active_tasks_by_mercury_id", "cancel_job", "nope")), giant), messages));
        add(results, fuzzer.router("backend", zmq.get("backend"), new HostileMessages(random, HostileMessages.endpointRequests(List.of("register", "update", "update_task", "complete_task", "enqueue_tasks", "cancel_tasks", "backend_status", "nope")), giant), messages));
        add(results, fuzzer.router("log", zmq.get("log"), new HostileMessages(random, HostileMessages.endpointRequests(List.of("log_batch", "query_logs", "follow_address", "nope")), giant), messages));
        add(results, fuzzer.router("agent", zmq.get("agent"), new HostileMessages(random, FuzzBenchmark::agentMessage, giant), messages));
        add(results, fuzzer.rep("agent pong", zmq.get("agent pong"), new HostileMessages(random, r -> Map.of("message", "ping", "timestamp", r.nextDouble()), 1024), messages / 4));
        for (Map.Entry<String, String> e : zmq.entrySet()) {
          add(results, fuzzer.rawTcp(e.getKey(), e.getValue(), 50));
        }
        slow.forEach(ZMQ.Socket::close);
        addHttp(http, "boot", new HttpFuzzer(random, "127.0.0.1", bootPort, 15_000).fuzz(List.of("/boot", "/boot/discover/52:54:00:00:00:01", "/files/vmlinuz", "/files"), messages / 4));
        addHttp(http, "api", new HttpFuzzer(random, "127.0.0.1", apiPort, 15_000).fuzz(List.of("/api/inventory/computers", "/api/inventory/computers/query", "/api/active/computers", "/api/rpc/jobs", "/api/rpc/jobs/x/tasks", "/api/inventory/computers/boot"), messages / 4));
        for (String d : DAEMONS) {
          if (stack.alive(d)) {
            long[] r = rss.get(d);
            r[2] = rssKb(pids.get(d));
            r[1] = Math.max(r[1], r[2]);
          }
        }
        System.err.printf("round %d done%n", rounds);
      } while (System.nanoTime() < deadline);

      boolean ok = true;
      Map<String, String> afterwards = new LinkedHashMap<>();
      afterwards.put("inventory", check(() -> fuzzer.call(zmq.get("inventory"), Map.of("endpoint", "count", "args", List.of(Map.of())))));
      afterwards.put("rpc", check(() -> fuzzer.call(zmq.get("rpc"), Map.of("endpoint", "get_jobs", "kwargs", Map.of("limit", 1L)))));
      afterwards.put("backend", check(() -> fuzzer.call(zmq.get("backend"), Map.of("endpoint", "backend_status"))));
      afterwards.put("log", check(() -> fuzzer.call(zmq.get("log"), Map.of("endpoint", "query_logs", "kwargs", Map.of("limit", 1L)))));
      afterwards.put("agent", check(() -> fuzzer.call(zmq.get("agent"), Map.of("_protocol_message", "keep_alive"))));
      afterwards.put("agent pong", pong(context, zmq.get("agent pong")));
      HttpFuzzer.Response boot = new HttpFuzzer(random, "127.0.0.1", bootPort, 15_000).get("/boot");
      afterwards.put("boot", boot != null && boot.status() == 200 ? "ok" : "FAILED " + (boot == null ? "no answer" : boot.status()));
      HttpFuzzer.Response api = new HttpFuzzer(random, "127.0.0.1", apiPort, 15_000).get("/api/inventory/computers");
      afterwards.put("api", api != null && api.status() == 200 ? "ok" : "FAILED " + (api == null ? "no answer" : api.status()));

      System.out.printf("%nbench fuzz: seed %d, %d messages per service per round, %d round(s), giant values up to %d bytes%n%n", seed, messages, rounds, giant + giant / 2);
      System.out.printf("%-22s %9s %9s %9s %10s%n", "socket", "sent", "replies", "errors", "unanswered");
      for (FuzzResult r : results.values()) {
        System.out.printf("%-22s %9d %9d %9d %10d%s%n", r.target(), r.sent(), r.replies(), r.errorReplies(), r.unanswered(), r.firstProblem() == null ? "" : "  first: " + r.firstProblem());
      }
      System.out.printf("%n%-22s %9s %9s %9s %10s%n", "http", "sent", "answered", "4xx", "5xx/trace");
      for (Map.Entry<String, HttpFuzzer.Result> e : http.entrySet()) {
        HttpFuzzer.Result r = e.getValue();
        System.out.printf("%-22s %9d %9d %9d %10d%n", e.getKey(), r.sent(), r.answered(), r.clientErrors(), r.serverErrors());
        if (r.firstServerError() != null) {
          System.out.println("  first: " + r.firstServerError().replace("\n", "\n  "));
          ok = false;
        }
      }
      System.out.printf("%n%-10s %5s %10s %10s %10s %14s %14s %s%n", "daemon", "dead", "RSS start", "RSS peak", "RSS end", "heap/GC start", "heap/GC end", "afterwards");
      for (String d : DAEMONS) {
        boolean dead = !stack.alive(d);
        long[] r = rss.get(d);
        String after = afterwards.getOrDefault(d, "-");
        if (!dead && after.startsWith("FAILED")) {
          threadDump(stack.home().resolve(d + ".threads"), pids.get(d));
        }
        ok &= !dead && (after.equals("ok") || after.equals("-"));
        System.out.printf("%-10s %5s %8d MB %8d MB %8d MB %11d MB %11d MB %s%n", d, dead ? "DEAD" : "0", r[0] / 1024, r[1] / 1024, r[2] / 1024, heapStart.get(d) / 1024, dead ? -1 : heapAfterGcKb(pids.get(d)) / 1024, after);
      }
      System.out.println("agent pong afterwards: " + afterwards.get("agent pong"));
      ok &= afterwards.get("agent pong").equals("ok");
      if (!ok) {
        System.out.println("\nFAILED: a daemon died or stopped answering; logs in " + stack.home());
        System.exit(1);
      }
    }
  }

  /** Starts the daemons {@link BenchStack#start()} does not: log, agent, boot, api. */
  private static Map<String, String> startRest(BenchStack stack) throws IOException {
    Map<String, String> zmq = new LinkedHashMap<>();
    zmq.put("inventory", stack.inventory());
    zmq.put("rpc", stack.frontend());
    zmq.put("backend", stack.backend());
    String log = tcp(BenchStack.freeLoopbackPort());
    String follow = tcp(BenchStack.freeLoopbackPort());
    stack.startDaemon("log", "mercury-log", "io.mercury.log.LogMain",
        List.of("--log-service-bind-address", log, "--log-service-follow-address", follow, "--log-service-db-uri", stack.store()), "listening on");
    zmq.put("log", log);
    zmq.put("log follow", follow);
    String agent = tcp(BenchStack.freeLoopbackPort());
    String pong = tcp(BenchStack.freeLoopbackPort());
    Path state = Files.createDirectories(stack.home().resolve("agent-state"));
    stack.startDaemon("agent", "mercury-agent", "io.mercury.agent.AgentMain",
        List.of("--agent-bind-address", agent, "--agent-pong-bind-address", pong, "--agent-remote-backend-url", stack.backend(),
            "--agent-local-ip", "127.0.0.1", "--agent-state-dir", state.toString()), "started:");
    zmq.put("agent", agent);
    zmq.put("agent pong", pong);
    Path files = Files.createDirectories(stack.home().resolve("boot-files"));
    Files.write(files.resolve("vmlinuz"), new byte[100_000]);
    int bootPort = BenchStack.freeLoopbackPort();
    stack.startDaemon("boot", "mercury-boot", "io.mercury.boot.BootMain",
        List.of("--host", "127.0.0.1", "--port", String.valueOf(bootPort), "--inventory-router", stack.inventory(), "--agent-file-directory", files.toString(),
            "--agent-file-server-url", "http://127.0.0.1:" + bootPort + "/files", "--agent-rootfs-option", "fetch"), "listening on");
    int apiPort = BenchStack.freeLoopbackPort();
    stack.startDaemon("api", "mercury-api", "io.mercury.api.ApiMain",
        List.of("--api-host", "127.0.0.1", "--api-port", String.valueOf(apiPort), "--api-inventory-router", stack.inventory(), "--api-rpc-router", stack.frontend(), "--api-audit-database-uri", stack.store()), "listening on");
    zmq.put("boot-port", String.valueOf(bootPort));
    zmq.put("api-port", String.valueOf(apiPort));
    return zmq;
  }

  private static Map<String, Object> agentMessage(Random random) {
    HostileMessages values = new HostileMessages(random, r -> Map.of(), 0);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("category", List.of("rpc", "cancel", "nope").get(random.nextInt(3)));
    // never "run" or power actions: random words must not become commands on this machine
    message.put("method", List.of("echo", "check_hardware", "no_such").get(random.nextInt(3)));
    message.put("args", java.util.Collections.singletonList(values.randomValue(1)));
    message.put("kwargs", values.randomMap(1));
    message.put("task_id", "fuzz-" + random.nextInt(50));
    message.put("job_id", "fuzz-job");
    return message;
  }

  private static void add(Map<String, FuzzResult> results, FuzzResult r) {
    results.merge(r.target(), r, FuzzResult::plus);
  }

  private static void addHttp(Map<String, HttpFuzzer.Result> results, String name, HttpFuzzer.Result r) {
    results.merge(name, r, (a, b) -> new HttpFuzzer.Result(a.sent() + b.sent(), a.answered() + b.answered(), a.clientErrors() + b.clientErrors(), a.serverErrors() + b.serverErrors(), a.firstServerError() != null ? a.firstServerError() : b.firstServerError()));
  }

  private static String check(java.util.function.Supplier<Map<String, Object>> call) {
    try {
      Map<String, Object> reply = call.get();
      return Boolean.FALSE.equals(reply.get("error")) || reply.containsKey("_protocol_message") ? "ok" : "FAILED " + reply;
    } catch (RuntimeException e) {
      return "FAILED " + e.getMessage();
    }
  }

  private static String pong(ZContext context, String endpoint) {
    try (ZMQ.Socket req = new FuzzSockets(context, 15_000).connect(SocketType.REQ, endpoint)) {
      req.send(MsgPack.encode(Map.of("message", "ping", "timestamp", 1.0)));
      byte[] reply = req.recv();
      return reply != null && String.valueOf(MsgPack.decode(reply)).contains("pong") ? "ok" : "FAILED no pong";
    } catch (Exception e) {
      return "FAILED " + e.getMessage();
    }
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
    return -1;
  }

  /** Heap used after a full GC, from {@code jcmd <pid> GC.run} then {@code GC.heap_info}; -1 when unknown. */
  private static long heapAfterGcKb(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      run(jcmd.toString(), String.valueOf(pid), "GC.run");
      String info = run(jcmd.toString(), String.valueOf(pid), "GC.heap_info");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  /** The threads of a daemon that stopped answering, for the report. */
  private static void threadDump(Path file, long pid) {
    try {
      Files.writeString(file, run(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), "Thread.print"));
    } catch (IOException | InterruptedException e) {
      // best effort
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static String tcp(int port) {
    return "tcp://127.0.0.1:" + port;
  }
}
