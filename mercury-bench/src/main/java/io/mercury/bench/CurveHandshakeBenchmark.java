package io.mercury.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * {@code java -cp ... io.mercury.bench.CurveHandshakeBenchmark [--runs R] [--handshakes N] [--impl
 * both|jnacl|mercury-nacl]} ({@code bin/mercury bench curve-handshake}): the server's CPU time per CURVE
 * handshake, with JeroMQ's CURVE on the jnacl it shipped with and on mercury-nacl (the JDK's X25519), in
 * one JVM: jnacl's run loads JeroMQ and jnacl with a class loader of their own ({@link OriginalJnacl}).
 *
 * <p>A JeroMQ ROUTER (CURVE server, no ZAP handler: the crypto and JeroMQ's handshake, not Mercury's
 * allow-list) answers N DEALER clients that connect one after another, send one message, wait for the
 * echo and close; the server's CPU is the thread CPU time of the threads its context started (I/O
 * thread, reaper) and of the thread that echoes, so the clients' half of each handshake is not counted.
 * Prints each run, then the median and range over R runs, after a warm-up run of N/2.
 */
public final class CurveHandshakeBenchmark {
  private static final int STALL_MILLIS = 1000;

  private CurveHandshakeBenchmark() {}

  public static void main(String[] args) throws Throwable {
    int runs = 5;
    int handshakes = 300;
    String impl = "both";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--handshakes" -> handshakes = Integer.parseInt(args[++i]);
        case "--impl" -> impl = args[++i];
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    if (!Set.of("both", "jnacl", "mercury-nacl").contains(impl)) {
      System.err.println("--impl: both, jnacl or mercury-nacl");
      System.exit(2);
    }
    double[] jnacl = null;
    double[] ours = null;
    if (!impl.equals("mercury-nacl")) {
      try (URLClassLoader loader = OriginalJnacl.withJeromq()) {
        Class<?> isolated = Class.forName(CurveHandshakeBenchmark.class.getName(), true, loader);
        MethodHandle measure =
            MethodHandles.publicLookup()
                .findStatic(isolated, "measure", MethodType.methodType(double[].class, int.class, int.class));
        jnacl = (double[]) measure.invokeExact(runs, handshakes);
      }
    }
    if (!impl.equals("jnacl")) {
      ours = measure(runs, handshakes);
    }
    if (jnacl != null && ours != null) {
      System.out.printf(
          "server CPU per handshake, median: jnacl %.2f ms, mercury-nacl %.2f ms (%.1f times less)%n",
          median(jnacl), median(ours), median(jnacl) / median(ours));
    }
  }

  /**
   * Runs a warm-up and {@code runs} runs of {@code handshakes} sequential handshakes with the CURVE crypto
   * this class's loader sees; prints each; returns the per-handshake server CPU milliseconds, sorted.
   */
  public static double[] measure(int runs, int handshakes) throws InterruptedException {
    String crypto;
    try {
      crypto = Class.forName("com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305", false, ZMQ.class.getClassLoader())
          .getProtectionDomain()
          .getCodeSource()
          .getLocation()
          .getPath();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("JeroMQ's CURVE crypto is not on the classpath", e);
    }
    System.out.println("CURVE crypto from " + crypto);
    ZMQ.Curve.KeyPair serverKeys = ZMQ.Curve.generateKeyPair();
    ZMQ.Curve.KeyPair clientKeys = ZMQ.Curve.generateKeyPair();
    handshakeRun(serverKeys, clientKeys, Math.max(50, handshakes / 2)); // warm-up
    double[] perHandshake = new double[runs];
    for (int r = 0; r < runs; r++) {
      perHandshake[r] = handshakeRun(serverKeys, clientKeys, handshakes);
      System.out.printf("  run %d: %.2f ms server CPU per handshake%n", r + 1, perHandshake[r]);
    }
    Arrays.sort(perHandshake);
    System.out.printf(
        "CURVE handshake, server CPU per handshake over %d runs of %d: median %.2f ms (%.2f-%.2f)%n",
        runs, handshakes, median(perHandshake), perHandshake[0], perHandshake[runs - 1]);
    return perHandshake;
  }

  private static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  /** Returns the server's CPU milliseconds per handshake over {@code count} sequential clients. */
  @SuppressWarnings("deprecation") // destroySocket, as in mercury-common transport
  private static double handshakeRun(ZMQ.Curve.KeyPair serverKeys, ZMQ.Curve.KeyPair clientKeys, int count)
      throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Set<Long> before = liveThreadIds(threads);
    int stalls = 0;
    try (ZContext serverContext = new ZContext(1)) {
      ZMQ.Socket router = serverContext.createSocket(SocketType.ROUTER);
      router.setCurveServer(true);
      router.setCurveSecretKey(ZMQ.Curve.z85Decode(serverKeys.secretKey));
      int port = router.bindToRandomPort("tcp://127.0.0.1");
      Set<Long> serverThreads = liveThreadIds(threads);
      serverThreads.removeAll(before);
      Echo echo = new Echo(router);
      Thread echoThread = Thread.ofPlatform().name("curve-bench-echo").start(echo);
      serverThreads.add(echoThread.threadId());
      long cpu0 = cpuNanos(threads, serverThreads);
      try (ZContext clientContext = new ZContext(1)) {
        for (int i = 0; i < count; i++) {
          ZMQ.Socket dealer = clientContext.createSocket(SocketType.DEALER);
          dealer.setCurveServerKey(ZMQ.Curve.z85Decode(serverKeys.publicKey));
          dealer.setCurvePublicKey(ZMQ.Curve.z85Decode(clientKeys.publicKey));
          dealer.setCurveSecretKey(ZMQ.Curve.z85Decode(clientKeys.secretKey));
          dealer.setLinger(0);
          dealer.setReceiveTimeOut(STALL_MILLIS);
          dealer.connect("tcp://127.0.0.1:" + port);
          dealer.send("ping");
          if (dealer.recv() == null) {
            stalls++;
          }
          clientContext.destroySocket(dealer);
        }
      }
      long cpu1 = cpuNanos(threads, serverThreads);
      echo.stop();
      echoThread.join();
      if (stalls > 0) {
        System.out.printf("  (%d of %d clients had no echo within %d ms and were replaced)%n", stalls, count, STALL_MILLIS);
      }
      return (cpu1 - cpu0) / 1e6 / count;
    }
  }

  private static Set<Long> liveThreadIds(ThreadMXBean threads) {
    Set<Long> ids = new HashSet<>();
    for (long id : threads.getAllThreadIds()) {
      ids.add(id);
    }
    return ids;
  }

  private static long cpuNanos(ThreadMXBean threads, Set<Long> ids) {
    long sum = 0;
    for (long id : ids) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        sum += t;
      }
    }
    return sum;
  }

  /** Echoes messages back to their senders on the ROUTER until stopped. */
  private static final class Echo implements Runnable {
    private final ZMQ.Socket router;
    private volatile boolean running = true;

    Echo(ZMQ.Socket router) {
      this.router = router;
      router.setReceiveTimeOut(100);
    }

    void stop() {
      running = false;
    }

    @Override
    public void run() {
      while (running) {
        byte[] identity = router.recv();
        if (identity != null) {
          byte[] body = router.recv();
          router.sendMore(identity);
          router.send(body);
        }
      }
    }
  }
}
