package io.mercury.inventory.store;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.store.BatchWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Group commit for {@code insert_one}: concurrent inserts (an agent registration storm) are written
 * together by {@link DeviceStore#insertAll}, a few store commands per batch instead of two or three per
 * device. A caller waits for its own device's outcome, so a reply still means the device is stored. A
 * lone insert is written at once.
 */
public final class InsertBatcher implements AutoCloseable {
  /** Most devices (about 4 KB each) in one batch. */
  static final int MAX_BATCH = 256;

  private record Pending(Map<String, Object> device, CompletableFuture<String> result) {}

  private final DeviceStore store;
  private final BatchWriter<Pending> writer;

  public InsertBatcher(DeviceStore store) {
    this.store = store;
    this.writer = new BatchWriter<>("inventory-insert-writer", MAX_BATCH, this::write);
  }

  /** {@link DeviceStore#insertOne}, written with whatever other inserts are waiting. */
  public String insertOne(Map<String, Object> device) {
    Object id = device.get("mercury_id");
    if (!(id instanceof String mercuryId) || mercuryId.isBlank()) {
      throw new EndpointException("mercury_id is missing from the device document");
    }
    CompletableFuture<String> result = new CompletableFuture<>();
    writer.submit(new Pending(device, result));
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EndpointException("interrupted while the device was written");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void write(List<Pending> batch) {
    List<Object> results;
    try {
      results = store.insertAll(batch.stream().map(Pending::device).toList());
    } catch (RuntimeException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (results.get(i) instanceof RuntimeException failure) {
        batch.get(i).result().completeExceptionally(failure);
      } else {
        batch.get(i).result().complete((String) results.get(i));
      }
    }
  }

  @Override
  public void close() {
    writer.close();
  }
}
