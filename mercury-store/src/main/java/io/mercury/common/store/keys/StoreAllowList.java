package io.mercury.common.store.keys;

import io.mercury.common.security.AllowList;
import io.mercury.common.security.Caller;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.SecuritySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allow-list of a daemon: the accepted keys of the {@link KeyStore}, held in memory. Every {@code
 * period} (2 s by default) it reads the store's change count ({@link KeyStore#changes()}) and re-reads
 * the keys when it moved, and at least every {@code fullReadEvery} (20 s) in any case (a write that
 * bypassed the KeyStore: a forged or altered record is then found and ignored); {@link #refresh()} re-reads at once (e.g. right after a key's status was changed
 * through this daemon). Lookups never touch the database, so the per-message check costs a map lookup; a
 * revoked key stops working within one period.
 *
 * <p>When a refresh fails (store unreachable), the last list read stays in force and the failure is
 * logged; the first read happens in the constructor and its failure is thrown.
 */
public final class StoreAllowList implements AllowList, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreAllowList.class);
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);
  public static final Duration DEFAULT_FULL_READ_EVERY = SecuritySettings.DEFAULT_KEYS_REREAD;

  private final KeyStore store;
  private final long fullReadEveryNanos;
  private final ScheduledExecutorService refresher;
  private final AtomicLong reads = new AtomicLong();
  private volatile Map<String, Caller> accepted;
  private volatile boolean failing;
  private long changesRead;
  private long lastReadNanos;

  public StoreAllowList(KeyStore store) {
    this(store, DEFAULT_PERIOD);
  }

  public StoreAllowList(KeyStore store, Duration period) {
    this(store, period, DEFAULT_FULL_READ_EVERY);
  }

  public StoreAllowList(KeyStore store, Duration period, Duration fullReadEvery) {
    this.store = store;
    this.fullReadEveryNanos = fullReadEvery.toNanos();
    this.changesRead = store.changes();
    this.accepted = read();
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("allow-list-refresh").daemon().factory());
    long ms = period.toMillis();
    // not kept: reload() catches what it throws, so the schedule runs until close() stops it
    var unused = refresher.scheduleWithFixedDelay(this::reload, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<Caller> caller(String publicKey) {
    return publicKey == null ? Optional.empty() : Optional.ofNullable(accepted.get(publicKey));
  }

  /** Re-reads the store now, on the calling thread. */
  @Override
  public synchronized void refresh() {
    try {
      changesRead = store.changes();
      accepted = read();
      recovered();
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** How many times the keys were read, for tests and diagnostics. */
  public long reads() {
    return reads.get();
  }

  /** How many keys are accepted, as last read. */
  public int size() {
    return accepted.size();
  }

  private synchronized void reload() {
    try {
      long changes = store.changes();
      if (changes == changesRead && System.nanoTime() - lastReadNanos < fullReadEveryNanos) {
        recovered();
        return;
      }
      changesRead = changes; // read before the keys: a change meanwhile is read on the next turn
      accepted = read();
      recovered();
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void recovered() {
    if (failing) {
      log.info("allow-list: the key store is readable again ({} accepted keys)", accepted.size());
      failing = false;
    }
  }

  private void failed(RuntimeException e) {
    if (!failing) {
      log.error("allow-list: cannot read the key store; keeping the last list read: {}", e.toString());
      failing = true;
    }
  }

  private Map<String, Caller> read() {
    reads.incrementAndGet();
    lastReadNanos = System.nanoTime();
    return store.list(Optional.of(KeyStatus.ACCEPTED)).stream()
        .map(KeyEntry::caller)
        .collect(Collectors.toUnmodifiableMap(Caller::publicKey, Function.identity(), (a, b) -> a));
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
