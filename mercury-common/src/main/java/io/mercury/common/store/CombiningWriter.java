package io.mercury.common.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes the items of concurrent callers together, with no thread of its own: each caller queues its
 * item and takes the write lock; whoever holds it writes everything queued so far in one call of {@code
 * write}, and a caller whose item was written by another returns as soon as it gets the lock. Alone, a
 * caller writes its own item at once; under load, one store command carries the items of every caller
 * that arrived while the previous one was written. Each caller returns only once its own item is
 * written, and fails with the exception that failed the write of its batch.
 *
 * <p>Unlike {@link BatchWriter}, callers wait for their write and there is nothing to close.
 */
public final class CombiningWriter<T> {
  private final int maxBatch;
  private final Consumer<List<T>> write;
  private final Queue<Queued<T>> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();

  /**
   * @param maxBatch most items one call of {@code write} gets
   * @param write writes a batch, in queue order; throws when the batch was not written
   */
  public CombiningWriter(int maxBatch, Consumer<List<T>> write) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
    }
    this.maxBatch = maxBatch;
    this.write = write;
  }

  /** Items queued and not yet taken into a batch. */
  public int queued() {
    return queue.size();
  }

  /**
   * Writes {@code item}, alone or with other callers' items; returns once it is written.
   *
   * @throws RuntimeException what {@code write} threw for the batch that held the item
   */
  public void write(T item) {
    Queued<T> mine = new Queued<>(item);
    queue.add(mine);
    while (!mine.done) {
      writing.lock();
      try {
        if (!mine.done) {
          writeQueued();
        }
      } finally {
        writing.unlock();
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  /** Under the lock: one batch of what is queued, in order (the caller's own item is in it or earlier). */
  private void writeQueued() {
    List<Queued<T>> batch = new ArrayList<>();
    Queued<T> next;
    while (batch.size() < maxBatch && (next = queue.poll()) != null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    RuntimeException failure = null;
    try {
      write.accept(batch.stream().map(q -> q.item).toList());
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Queued<T> q : batch) {
      q.failure = failure;
      q.done = true;
    }
  }

  private static final class Queued<T> {
    final T item;
    // written under the lock, read by the waiting caller after it took the same lock, or racily in
    // the loop condition (volatile), so a written item is never written twice
    volatile boolean done;
    volatile RuntimeException failure;

    Queued(T item) {
      this.item = item;
    }
  }
}
