package io.mercury.common.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit: items submitted from any thread are handed, in submission order, to {@code write} on
 * one writer thread, as many at a time as have queued up while the previous batch was written (at most
 * {@code maxBatch}). Under load a batch grows with the load, so the store sees a few large writes
 * instead of one small write per item; an idle writer takes a lone item at once, adding no delay.
 *
 * <p>The thread starts with the first submission (a store that is only read starts none). {@code write}
 * must not throw; it owns completing whatever its items promise. {@link #close} writes what is queued,
 * then stops the thread; a submission after close is refused.
 */
public final class BatchWriter<T> implements AutoCloseable {
  private final String name;
  private final int maxBatch;
  private final Consumer<List<T>> write;
  private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
  private Thread thread;
  private volatile boolean closed;

  public BatchWriter(String name, int maxBatch, Consumer<List<T>> write) {
    this.name = name;
    this.maxBatch = maxBatch;
    this.write = write;
  }

  /** Items submitted and not yet handed to {@code write}. */
  public int pending() {
    return queue.size();
  }

  /** Queues {@code item} for the next batch. */
  public void submit(T item) {
    submitAll(List.of(item));
  }

  /**
   * Queues {@code items}, in order, for the same batch: the writer never takes some of them without the
   * rest, unless together with what is queued before them they exceed {@code maxBatch}.
   */
  public void submitAll(List<T> items) {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the store is closed");
      }
      if (thread == null) {
        thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        thread.start();
      }
      queue.addAll(items);
    }
  }

  private void run() {
    List<T> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      T first;
      try {
        first = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (first == null) {
        continue;
      }
      batch.add(first);
      synchronized (this) {
        // a submitAll under way finishes first, so its items are not split between two batches
        queue.drainTo(batch, maxBatch - 1);
      }
      write.accept(List.copyOf(batch));
      batch.clear();
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      t = thread;
    }
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
