package io.mercury.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mercury.common.protocol.Request;
import io.mercury.common.store.EmbeddedStore;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.InventoryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.zeromq.ZContext;

/**
 * The inventory through its ZeroMQ service on the embedded store (H2 file backend): inserts N synthetic
 * devices, then measures {@code get_one} by mercury_id and a nested-field {@code query}.
 *
 * <p>Run: {@code bin/mercury bench inventory [--devices 10000] [--runs 3] [--queries 100] [--bulk-load]}. Prints one line per run and
 * the median over runs; not part of the test suite.
 */
public final class InventoryBenchmark {
  private static final Map<String, Object> NESTED_QUERY =
      Map.of("mem.MemTotal", Map.of("$gte", 200e9), "dmi.sys_vendor", "HPE");

  private InventoryBenchmark() {}

  record Run(double insertsPerSecond, Stats getOne, Stats query, Stats pages, long matches, long fileBytes) {}

  public static void main(String[] args) throws Exception {
    int devices = intArg(args, "--devices", 10_000);
    int runs = intArg(args, "--runs", 3);
    int queries = intArg(args, "--queries", 100);
    boolean bulkLoad = Arrays.asList(args).contains("--bulk-load");
    System.out.printf("inventory benchmark: %d devices, %d runs, JDK %s, %d cores%n",
        devices, runs, Runtime.version(), Runtime.getRuntime().availableProcessors());
    List<Run> results = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      Run run = runOnce(devices, queries, bulkLoad, r);
      results.add(run);
      System.out.printf(
          "run %d: insert %.0f/s | get_one median %.2f ms p99 %.2f ms | nested query median %.1f ms p99 %.1f ms (%d matches)"
              + " | every page of 50 by offset_id median %.1f ms p99 %.1f ms | file %.0f MB%n",
          r, run.insertsPerSecond, run.getOne.medianMs, run.getOne.p99Ms, run.query.medianMs, run.query.p99Ms, run.matches,
          run.pages.medianMs, run.pages.p99Ms, run.fileBytes / 1e6);
    }
    System.out.printf(
        "median of %d runs: insert %.0f/s | get_one median %.2f ms, p99 %.2f ms | nested query median %.1f ms, p99 %.1f ms"
            + " | page of 50 by offset_id median %.1f ms, p99 %.1f ms%n",
        runs,
        median(results.stream().mapToDouble(Run::insertsPerSecond).toArray()),
        median(results.stream().mapToDouble(x -> x.getOne.medianMs).toArray()),
        median(results.stream().mapToDouble(x -> x.getOne.p99Ms).toArray()),
        median(results.stream().mapToDouble(x -> x.query.medianMs).toArray()),
        median(results.stream().mapToDouble(x -> x.query.p99Ms).toArray()),
        median(results.stream().mapToDouble(x -> x.pages.medianMs).toArray()),
        median(results.stream().mapToDouble(x -> x.pages.p99Ms).toArray()));
  }

  private static Run runOnce(int devices, int queries, boolean bulkLoad, int seed) throws Exception {
    Path dir = Files.createTempDirectory("mercury-bench-inventory");
    try (EmbeddedStore store = EmbeddedStore.start(dir.resolve("mercury.mv.db"), "127.0.0.1", 0);
        MongoClient mongo = MongoClients.create(store.connectionString());
        ZContext context = new ZContext();
        InventoryService inventory =
            InventoryService.start(
                context,
                ServerSettings.of(InventoryService.NAME, "tcp://127.0.0.1:0"),
                mongo.getDatabase("mercury").getCollection("inventory"),
                InstantSource.system(),
                AuditTrail.in(mongo.getDatabase("mercury_security"), InventoryService.NAME, InstantSource.system()));
        ServiceClient client =
            new ServiceClient(
                context, inventory.endpoint(), ClientSettings.defaults("inventory").withTimeout(Duration.ofSeconds(30)));
        // A nested query scans every device on the embedded store: minutes at 100,000 on a busy machine.
        ServiceClient scans =
            new ServiceClient(
                context, inventory.endpoint(), ClientSettings.defaults("inventory").withTimeout(Duration.ofMinutes(10)).withRetries(0))) {
      SyntheticDevices synthetic = new SyntheticDevices(new SplittableRandom(seed));
      long start = System.nanoTime();
      if (bulkLoad) {
        bulkLoad(mongo.getDatabase("mercury").getCollection("inventory"), synthetic, devices);
      } else {
        insertThroughTheService(client, synthetic, devices);
      }
      double insertRate = devices / ((System.nanoTime() - start) / 1e9);

      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < 200; i++) {
        client.invoke(Request.of("get_one", SyntheticDevices.mercuryId(random.nextInt(devices))), true);
      }
      double[] getOne = new double[2000];
      for (int i = 0; i < getOne.length; i++) {
        long t = System.nanoTime();
        client.invoke(Request.of("get_one", SyntheticDevices.mercuryId(random.nextInt(devices))), true);
        getOne[i] = (System.nanoTime() - t) / 1e6;
      }
      Stats getOneStats = Stats.of(getOne);
      System.out.printf("  get_one over %d devices: median %.2f ms, p99 %.2f ms%n", devices, getOneStats.medianMs, getOneStats.p99Ms);
      double[] query = new double[queries];
      long matches = 0;
      for (int i = -Math.min(10, queries); i < query.length; i++) {
        long t = System.nanoTime();
        Object page =
            scans.invoke(
                new Request("query", List.of(NESTED_QUERY), Map.of("projection", Map.of("dmi.product_name", 1L), "limit", 50L)),
                true);
        if (i >= 0) {
          query[i] = (System.nanoTime() - t) / 1e6;
        }
        matches = (Long) ((Map<?, ?>) page).get("total");
      }
      return new Run(insertRate, getOneStats, Stats.of(query), pageWalk(scans), matches, store.fileBytes());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Every page of 50 of the nested query, as mcli pages ({@code sort _id}, {@code offset_id} of the last
   * device): what a filtered, paginated listing costs per page over the whole inventory. One walk to warm
   * up, then five measured (1,668 matches: 34 pages a walk, so the p99 is not just the slowest page).
   */
  private static Stats pageWalk(ServiceClient client) throws Exception {
    walk(client, new ArrayList<>());
    List<Double> pages = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      walk(client, pages);
    }
    return Stats.of(pages.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static void walk(ServiceClient client, List<Double> pages) throws Exception {
    Object offsetId = null;
    while (true) {
      Map<String, Object> kwargs = new java.util.HashMap<>();
      kwargs.put("projection", Map.of("dmi.product_name", 1L));
      kwargs.put("limit", 50L);
      kwargs.put("sort", "_id");
      kwargs.put("sort_direction", 1L);
      kwargs.put("offset_id", offsetId);
      long t = System.nanoTime();
      Map<?, ?> page = (Map<?, ?>) client.invoke(new Request("query", List.of(NESTED_QUERY), kwargs), true);
      pages.add((System.nanoTime() - t) / 1e6);
      List<?> items = (List<?>) page.get("items");
      if (items.size() < 50) {
        return;
      }
      offsetId = ((Map<?, ?>) items.getLast()).get("_id");
    }
  }

  /** insert_one from 8 threads through one client: the inventory's write path, merge and all. */
  private static void insertThroughTheService(ServiceClient client, SyntheticDevices synthetic, int devices)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Object>> inserts = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      Map<String, Object> doc = synthetic.device(i);
      inserts.add(pool.submit(() -> client.invoke(Request.of("insert_one", doc), false)));
    }
    for (Future<Object> f : inserts) {
      f.get();
    }
    pool.shutdown();
  }

  /**
   * {@code --bulk-load}: the devices written straight into the collection, 1,000 per insertMany, to
   * measure reads over a large inventory without waiting for N service inserts.
   */
  private static void bulkLoad(MongoCollection<Document> collection, SyntheticDevices synthetic, int devices) {
    List<Document> chunk = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      Document doc = new Document(synthetic.device(i));
      doc.put("time_created", 1.7e9);
      doc.put("time_updated", 1.7e9);
      chunk.add(doc);
      if (chunk.size() == 1000 || i == devices - 1) {
        collection.insertMany(chunk);
        chunk = new ArrayList<>();
      }
    }
  }

  record Stats(double medianMs, double p99Ms) {
    static Stats of(double[] samples) {
      double[] sorted = samples.clone();
      Arrays.sort(sorted);
      return new Stats(median(sorted), sorted[(int) Math.ceil(0.99 * sorted.length) - 1]);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static int intArg(String[] args, String name, int defaultValue) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return defaultValue;
  }
}
