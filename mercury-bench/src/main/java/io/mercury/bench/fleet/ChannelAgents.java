package io.mercury.bench.fleet;

import io.mercury.bench.SyntheticDevices;
import io.mercury.common.security.CurveKeyPair;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One process of a {@link ChannelFleet}: Mercury agents that speak the agent channel (docs/protocol.md,
 * "Agent channel"), each with a DEALER connection of its own to the backend (with its own CURVE key when
 * the fleet has keys), all owned by one thread. A {@code ServiceClient} per agent costs a thread and
 * about 20 file descriptors (its monitor's sockets and their pipes), which limited a process to about 250
 * agents and a 2-core machine to a few thousand; here an agent costs one socket and a few kilobytes, so
 * 10,000 agents fit in 20 processes of 500 (at 1,000 a process ran out of its 20,000 file
 * descriptors in a 10,000-agent CURVE storm: JeroMQ gives each socket a signaling pipe and a selector,
 * and a replaced connection's socket keeps them until JeroMQ's reaper thread gets to it). How each agent behaves is {@link ChannelAgent}'s.
 *
 * <p>{@code ChannelAgents BACKEND BACKEND_KEY|- FIRST COUNT KEYS_FILE|- [TASK_DELAY_MS]}: agents FIRST to FIRST +
 * COUNT - 1; KEYS_FILE has one line per agent, {@code public secret} (Z85), or {@code -} for plaintext; an
 * echo reports its result TASK_DELAY_MS (default 0) after it started. Commands on stdin, answers on
 * stdout: {@code register} (answered {@code registered ACCEPTED CHANNEL} once every agent is registered),
 * {@code stats} ({@code stats pings heartbeats tasks duplicates acked lost busy reconnects}), {@code mark}
 * (forget which agents heard from the backend), {@code back} ({@code back K}: agents whose registration was
 * accepted or heartbeat answered {@code known} since the last mark), {@code kill I} (agent I closes its
 * connection and goes silent), {@code quit}. Failures go to stderr (the first 50).
 */
public final class ChannelAgents {
  private final ZContext context = new ZContext(1);
  private final ZMQ.Poller poller;
  private final List<ChannelAgent> agents = new ArrayList<>();
  /** Work handed to the loop thread: stdin's commands, connection events from JeroMQ's I/O thread. */
  private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final IdentityHashMap<ZMQ.Socket, ChannelConnection> owners = new IdentityHashMap<>();
  private final Counters counters = new Counters();
  private final AtomicLong notes = new AtomicLong();
  private long timerSequence;
  private volatile boolean closing;

  private ChannelAgents() {
    context.getContext().setMaxSockets(65_536);
    poller = context.createPoller(1024);
  }

  /** What the agents of this process did, for {@code stats}. */
  static final class Counters {
    final AtomicLong pings = new AtomicLong();
    final AtomicLong heartbeats = new AtomicLong();
    final AtomicLong tasks = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong busy = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong channels = new AtomicLong();
    final AtomicLong registered = new AtomicLong();
  }

  public static void main(String[] args) throws Exception {
    ChannelAgents fleet = new ChannelAgents();
    String backend = args[0];
    String backendKey = "-".equals(args[1]) ? null : args[1];
    int first = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    Duration taskDelay = Duration.ofMillis(args.length > 5 ? Long.parseLong(args[5]) : 0);
    List<CurveKeyPair> keys = new ArrayList<>();
    if (!"-".equals(args[4])) {
      for (String line : Files.readAllLines(Path.of(args[4]))) {
        String[] k = line.trim().split(" ");
        keys.add(new CurveKeyPair(k[0], k[1]));
      }
    }
    SyntheticDevices devices = new SyntheticDevices(new Random(42 + first));
    for (int i = 0; i < count; i++) {
      int index = first + i;
      fleet.agents.add(new ChannelAgent(fleet, index, devices.device(index), backend, backendKey,
          keys.isEmpty() ? null : keys.get(i), taskDelay));
    }
    Thread loop = Thread.ofPlatform().name("channel-agents").uncaughtExceptionHandler((t, e) -> {
      e.printStackTrace();
      System.exit(1); // the agents are gone: the fleet must not wait for their answers
    }).start(fleet::loop);
    System.out.println("ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !"quit".equals(line.trim())) {
      String[] command = line.trim().split(" ");
      switch (command[0]) {
        case "register" -> fleet.inbox.add(() -> fleet.agents.forEach(ChannelAgent::start));
        case "stats" -> fleet.inbox.add(fleet::printStats);
        case "mark" -> fleet.inbox.add(() -> fleet.agents.forEach(ChannelAgent::mark));
        case "back" -> fleet.inbox.add(() -> fleet.print("back " + fleet.agents.stream().filter(ChannelAgent::back).count()));
        case "kill" -> {
          int i = Integer.parseInt(command[1]) - first;
          fleet.inbox.add(() -> fleet.agents.get(i).kill());
        }
        default -> System.err.println("unknown command " + line);
      }
    }
    fleet.closing = true;
    loop.join();
  }

  /** The loop thread: owns every socket; runs the inbox, due timers and the agents' incoming messages. */
  private void loop() {
    try {
      while (!closing) {
        Runnable work;
        while ((work = inbox.poll()) != null) {
          work.run();
        }
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().at - now <= 0) {
          timers.poll().action.run();
        }
        // at least 1 ms: timers due together run in one turn, and the loop never spins on a poll of
        // every socket (its cost grows with their number)
        long waitMs = timers.isEmpty() ? 20 : Math.max(1, Math.min(20, (timers.peek().at - now) / 1_000_000));
        if (poller.getSize() == 0) {
          sleep(waitMs);
          continue;
        }
        if (poller.poll(waitMs) < 0) {
          // JeroMQ's poll fails now and then (a socket closed under it); the agents go on
          note("poll failed; polling again");
          sleep(1);
          continue;
        }
        for (int i = 0; i < poller.getSize(); i++) {
          if (poller.getItem(i) != null && poller.pollin(i)) {
            ChannelConnection connection = owners.get(poller.getItem(i).getSocket());
            if (connection != null) {
              connection.readAll();
            }
          }
        }
      }
    } finally {
      agents.forEach(ChannelAgent::kill);
      context.close();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Registers an agent's socket with the loop's poller; loop thread only. */
  void watch(ZMQ.Socket socket, ChannelConnection owner) {
    owners.put(socket, owner);
    poller.register(socket, ZMQ.Poller.POLLIN);
  }

  void unwatch(ZMQ.Socket socket) {
    owners.remove(socket);
    poller.unregister(socket);
  }

  Counters counters() {
    return counters;
  }

  ZContext context() {
    return context;
  }

  /** Runs {@code action} on the loop thread; safe from any thread. */
  void post(Runnable action) {
    inbox.add(action);
  }

  /** Runs {@code action} on the loop thread after {@code delayMs}; loop thread only. */
  void schedule(long delayMs, Runnable action) {
    timers.add(new Timer(System.nanoTime() + delayMs * 1_000_000, timerSequence++, action));
  }

  /** Counts this registration as done (accepted or given up), and says so once every agent is. */
  void registrationDone() {
    if (counters.registered.incrementAndGet() == agents.size()) {
      print("registered " + counters.accepted.get() + " " + counters.channels.get());
    }
  }

  private void printStats() {
    print(String.format("stats %d %d %d %d %d %d %d %d", counters.pings.get(), counters.heartbeats.get(),
        counters.tasks.get(), counters.duplicates.get(), counters.acked.get(), counters.lost.get(),
        counters.busy.get(), counters.reconnects.get()));
  }

  private void print(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** The first 50 failures go to stderr (the process's log). */
  void note(String message) {
    if (notes.incrementAndGet() <= 50) {
      System.err.println(java.time.Instant.now() + " " + message);
    }
  }

  private record Timer(long at, long sequence, Runnable action) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer other) {
      int byTime = Long.compare(at - other.at, 0);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
