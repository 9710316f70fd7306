package io.mercury.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.mercury.common.store.EmbeddedStoreMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.bson.Document;

/**
 * The embedded store alone, as its own process, measured in the store's CPU time (not wall time, so other
 * load on the machine matters less): N inserts of the synthetic 4 KB device through a unique
 * {@code mercury_id} index, N {@code findOne} by {@code mercury_id}, N small task inserts and 3N
 * conditional task transitions {@code {_id, status}} through a unique {@code (_id, status)} index, the
 * shape of the rpc store's writes, and N/20 updates whose filter is the same pair written as
 * {@code Filters.and} ({@code $and}), which the embedded store answers with a scan of the collection.
 *
 * <p>Run: {@code bin/mercury bench store [--devices 10000]
 * [--runs 3]}; {@code -Dstore.jvm.args="..."} adds JVM flags to the store's process (a JFR recording,
 * say). Prints one line per run and the medians; not part of the test suite.
 */
public final class StoreBenchmark {
  private static final String[] STATES = {"QUEUED", "DISPATCHED", "STARTED", "SUCCESS"};

  private StoreBenchmark() {}

  record Run(double insertUs, double findUs, double taskInsertUs, double updateUs, double andUpdateUs, long fileBytes) {}

  public static void main(String[] args) throws Exception {
    int devices = InventoryBenchmark.intArg(args, "--devices", 10_000);
    int runs = InventoryBenchmark.intArg(args, "--runs", 3);
    System.out.printf("store benchmark: %d devices, %d tasks, %d runs, JDK %s%n", devices, devices, runs, Runtime.version());
    List<Run> results = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      Run run = runOnce(devices, r);
      results.add(run);
      System.out.printf(
          "run %d: store CPU per device insert %.0f µs | findOne by mercury_id %.0f µs | task insert %.0f µs | conditional update %.0f µs | same with $and (scan) %.0f µs | file %.0f MB%n",
          r, run.insertUs, run.findUs, run.taskInsertUs, run.updateUs, run.andUpdateUs, run.fileBytes / 1e6);
    }
    System.out.printf(
        "median of %d runs, store CPU per operation: device insert %.0f µs | findOne %.0f µs | task insert %.0f µs | conditional update %.0f µs | with $and %.0f µs%n",
        runs,
        InventoryBenchmark.median(results.stream().mapToDouble(Run::insertUs).toArray()),
        InventoryBenchmark.median(results.stream().mapToDouble(Run::findUs).toArray()),
        InventoryBenchmark.median(results.stream().mapToDouble(Run::taskInsertUs).toArray()),
        InventoryBenchmark.median(results.stream().mapToDouble(Run::updateUs).toArray()),
        InventoryBenchmark.median(results.stream().mapToDouble(Run::andUpdateUs).toArray()));
  }

  private static Run runOnce(int devices, int seed) throws Exception {
    Path dir = Files.createTempDirectory("mercury-bench-store");
    Path portFile = dir.resolve("port");
    Process store = startStore(dir, portFile);
    try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + port(store, portFile) + "/")) {
      MongoCollection<Document> inventory = mongo.getDatabase("mercury").getCollection("inventory");
      MongoCollection<Document> tasks = mongo.getDatabase("mercury").getCollection("rpc_tasks");
      inventory.createIndex(Indexes.ascending("mercury_id"), new IndexOptions().unique(true));
      tasks.createIndex(Indexes.ascending("_id", "status"), new IndexOptions().unique(true));
      SyntheticDevices synthetic = new SyntheticDevices(new SplittableRandom(seed));
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < devices; i++) {
        docs.add(new Document(synthetic.device(i)).append("time_created", 1.7e9).append("time_updated", 1.7e9));
      }
      ProcessHandle handle = store.toHandle();

      long cpu = cpuNanos(handle);
      for (Document doc : docs) {
        inventory.insertOne(doc);
      }
      double insertUs = perOp(handle, cpu, devices);

      SplittableRandom random = new SplittableRandom(seed);
      cpu = cpuNanos(handle);
      for (int i = 0; i < devices; i++) {
        if (inventory.find(Filters.eq("mercury_id", SyntheticDevices.mercuryId(random.nextInt(devices)))).first() == null) {
          throw new IllegalStateException("a device is missing");
        }
      }
      double findUs = perOp(handle, cpu, devices);

      cpu = cpuNanos(handle);
      for (int i = 0; i < devices; i++) {
        tasks.insertOne(
            new Document("_id", taskId(i)).append("job_id", "job-" + (i / 100)).append("status", STATES[0])
                .append("method", "echo").append("args", List.of("hello")).append("time_created", 1.7e9)
                .append("history", List.of(new Document("status", STATES[0]).append("time", 1.7e9))));
      }
      double taskInsertUs = perOp(handle, cpu, devices);

      cpu = cpuNanos(handle);
      for (int step = 1; step < STATES.length; step++) {
        for (int i = 0; i < devices; i++) {
          // A flat filter, as RpcStore's transitions: the embedded store answers it through the
          // (_id, status) index. (Filters.and renders {$and: [...]}, which no index answers there.)
          UpdateResult result =
              tasks.updateOne(
                  new Document("_id", taskId(i)).append("status", STATES[step - 1]),
                  Updates.combine(
                      Updates.set("status", STATES[step]), Updates.set("time_updated", 1.7e9 + step),
                      Updates.push("history", new Document("status", STATES[step]).append("time", 1.7e9 + step))));
          if (result.getModifiedCount() != 1) {
            throw new IllegalStateException("transition of " + taskId(i) + " to " + STATES[step] + " matched nothing");
          }
        }
      }
      double updateUs = perOp(handle, cpu, devices * (STATES.length - 1L));

      int scans = Math.max(1, devices / 20);
      cpu = cpuNanos(handle);
      for (int i = 0; i < scans; i++) {
        tasks.updateOne(
            Filters.and(Filters.eq("_id", taskId(i)), Filters.eq("status", STATES[STATES.length - 1])),
            Updates.set("time_checked", 1.7e9 + i));
      }
      double andUpdateUs = perOp(handle, cpu, scans);
      long fileBytes = Files.size(dir.resolve("data").resolve("mercury.mv.db"));
      return new Run(insertUs, findUs, taskInsertUs, updateUs, andUpdateUs, fileBytes);
    } finally {
      store.destroy();
      store.waitFor();
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String taskId(int i) {
    return String.format("%032x", 0xbe7c_0000L + i);
  }

  private static Process startStore(Path dir, Path portFile) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.addAll(List.of(System.getProperty("store.jvm.args", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedStoreMain.class.getName()));
    command.addAll(List.of("--data-dir", dir.resolve("data").toString(), "--port", "0", "--port-file", portFile.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("store.log").toFile()))
        .start();
  }

  private static int port(Process store, Path portFile) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(portFile)) {
      if (!store.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the store did not start");
      }
      Thread.sleep(50);
    }
    return Integer.parseInt(Files.readString(portFile).trim());
  }

  private static long cpuNanos(ProcessHandle handle) {
    return handle.info().totalCpuDuration().orElseThrow().toNanos();
  }

  private static double perOp(ProcessHandle handle, long startNanos, long ops) {
    return (cpuNanos(handle) - startNanos) / 1e3 / ops;
  }
}
