package io.mercury.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.mercury.common.client.LogClient;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.log.LogEvent;
import io.mercury.common.time.Backoff;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards every logging event to the log service ({@code log_batch} requests) without ever blocking the
 * thread that logs. {@link #append} turns the event into a {@link LogEvent} ({@link LoggedEvents}) and offers it
 * to a bounded buffer; when the buffer is full the event is dropped and counted. One sender thread takes
 * batches off the buffer and sends them; while the service does not answer it keeps the batch and
 * retries with a jittered {@link Backoff} (from 100 ms doubling up to {@link Settings#maxBackoff()}, so
 * the services of a host restarted together do not retry in step), so the buffer fills and then
 * drops, and memory stays bounded. Once a batch is accepted again, the count of events dropped since the
 * last report travels in that batch as a WARN event of its own (and is logged locally). A batch the
 * service refuses (an error reply) is not retried: its events are counted as rejected.
 *
 * <p>Events logged by the sender itself (and its client's thread) are not forwarded, so a failing log
 * service cannot feed itself. Stopping sends what is buffered, for at most {@link Settings#timeout()}.
 */
public final class RemoteLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  static final String THREAD = "mercury-log-forwarder";
  private static final Logger log = LoggerFactory.getLogger(RemoteLogAppender.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

  /**
   * How the appender buffers and sends.
   *
   * @param capacity events buffered at most; more are dropped
   * @param batchSize events per request at most
   * @param flushInterval how long the sender waits for a batch to fill
   * @param timeout how long one request waits for its reply
   * @param maxBackoff longest pause between attempts while the service does not answer
   */
  public record Settings(
      int capacity,
      int batchSize,
      Duration flushInterval,
      Duration timeout,
      Duration maxBackoff,
      io.mercury.common.security.CurveClient curve) {
    /** Plaintext settings. */
    public Settings(int capacity, int batchSize, Duration flushInterval, Duration timeout, Duration maxBackoff) {
      this(capacity, batchSize, flushInterval, timeout, maxBackoff, null);
    }

    /** These settings talking CURVE to the log service ({@code null}: plaintext). */
    public Settings withCurve(io.mercury.common.security.CurveClient curve) {
      return new Settings(capacity, batchSize, flushInterval, timeout, maxBackoff, curve);
    }

    public Settings {
      if (capacity < 1 || batchSize < 1) {
        throw new IllegalArgumentException("capacity and batchSize must be positive");
      }
      Objects.requireNonNull(flushInterval, "flushInterval is null");
      Objects.requireNonNull(timeout, "timeout is null");
      Objects.requireNonNull(maxBackoff, "maxBackoff is null");
      if (maxBackoff.isNegative()) {
        throw new IllegalArgumentException("maxBackoff must not be negative, was " + maxBackoff);
      }
    }

    /** 10,000 events, batches of 500, 200 ms, 2 s per request, at most 10 s between attempts. */
    public static Settings defaults() {
      return new Settings(10_000, 500, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }
  }

  /**
   * What the appender did so far.
   *
   * @param sent events the service accepted
   * @param dropped events dropped because the buffer was full
   * @param rejected events of batches the service refused
   * @param buffered events waiting in the buffer now
   * @param failures requests that got no reply
   */
  public record Stats(long sent, long dropped, long rejected, int buffered, long failures) {}

  private final String url;
  private volatile Map<String, String> fields;
  private final Settings settings;
  private final BlockingQueue<LogEvent> buffer;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean running;
  private ServiceClient client;
  private LogClient logs;
  private Thread sender;
  private long reportedDrops;

  /**
   * @param url the log service's ROUTER address
   * @param fields fixed fields of every event: service, version, host
   */
  public RemoteLogAppender(String url, Map<String, String> fields, Settings settings) {
    this.url = Objects.requireNonNull(url, "url is null");
    this.fields = Map.copyOf(fields);
    this.settings = settings;
    this.buffer = new ArrayBlockingQueue<>(settings.capacity());
  }

  @Override
  public void start() {
    client =
        ServiceClient.standalone(
            url,
            ClientSettings.defaults(THREAD)
                .withTimeout(settings.timeout())
                .withRetries(0)
                .withCurve(settings.curve()));
    logs = new LogClient(client);
    running = true;
    sender = Thread.ofPlatform().name(THREAD).daemon().unstarted(this::run);
    sender.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (Thread.currentThread().getName().startsWith(THREAD)) {
      return;
    }
    if (!buffer.offer(LoggedEvents.of(event, fields))) {
      dropped.incrementAndGet();
    }
  }

  /** Adds a field to every later event (an MDC value of the same name still wins). */
  public synchronized void putField(String key, String value) {
    Map<String, String> more = new java.util.HashMap<>(fields);
    more.put(key, value);
    fields = Map.copyOf(more);
  }

  public Stats stats() {
    return new Stats(sent.get(), dropped.get(), rejected.get(), buffer.size(), failures.get());
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    running = false;
    LockSupport.unpark(sender);
    try {
      sender.join(settings.timeout().toMillis() + settings.flushInterval().toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  private void run() {
    List<LogEvent> batch = new ArrayList<>();
    Duration max = settings.maxBackoff();
    Backoff backoff = new Backoff(FIRST_BACKOFF.compareTo(max) < 0 ? FIRST_BACKOFF : max, max);
    boolean down = false;
    while (running || !batch.isEmpty() || !buffer.isEmpty()) {
      if (batch.isEmpty() && !fill(batch)) {
        continue;
      }
      long drops = dropped.get() - reportedDrops;
      List<LogEvent> request = batch;
      if (drops > 0) {
        request = new ArrayList<>(batch);
        request.add(
            LoggedEvents.notice(
                RemoteLogAppender.class.getName(),
                drops + " log events were dropped (buffer of " + settings.capacity() + " full while the log service at " + url + " was slow or unreachable)",
                fields));
      }
      try {
        send(request, batch.size());
        reportedDrops += drops;
        if (down || drops > 0) {
          log.warn("log service at {} is reachable again; {} events dropped since the last report", url, drops);
        }
        down = false;
        backoff.reset();
        batch.clear();
      } catch (Exception e) {
        failures.incrementAndGet();
        if (!down) {
          log.warn("log service at {} does not answer ({}); buffering up to {} events", url, e.getMessage(), settings.capacity());
        }
        down = true;
        if (!running) {
          return;
        }
        LockSupport.parkNanos(backoff.next().toNanos());
      }
    }
  }

  /** Sends one batch ({@code size} events of the buffer, maybe plus a drop notice) and counts the answer. */
  private void send(List<LogEvent> request, int size) throws TransportException {
    try {
      logs.logBatch(request);
      sent.addAndGet(size);
    } catch (RemoteException refused) {
      rejected.addAndGet(size);
      log.warn("log service at {} refused {} events: {}", url, size, refused.getMessage());
    } catch (UnexpectedReplyException odd) {
      // the service answered without an error: it took the batch, whatever it said about it
      sent.addAndGet(size);
    }
  }

  /** Waits for the first event of a batch and takes what else is there; false when none came. */
  private boolean fill(List<LogEvent> batch) {
    try {
      LogEvent first = buffer.poll(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
      if (first == null) {
        return false;
      }
      batch.add(first);
      buffer.drainTo(batch, settings.batchSize() - 1);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return false;
    }
  }
}
