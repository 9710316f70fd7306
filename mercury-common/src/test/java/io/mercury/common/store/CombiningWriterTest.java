package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CombiningWriterTest {
  @Test
  void aLoneCallerWritesItsItemAtOnce() {
    List<List<Integer>> batches = new ArrayList<>();
    CombiningWriter<Integer> writer = new CombiningWriter<>(10, batches::add);

    writer.write(1);
    writer.write(2);

    assertThat(batches).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void callersArrivingDuringAWriteShareTheNextOneAndEachReturnsAfterItsOwnItemIsWritten() throws Exception {
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    CombiningWriter<Integer> writer =
        new CombiningWriter<>(
            100,
            batch -> {
              if (batches.isEmpty()) {
                firstWriteStarted.countDown();
                await(releaseFirstWrite);
              }
              batches.add(batch);
              written.addAll(batch);
            });
    ExecutorService callers = Executors.newFixedThreadPool(21);
    try {
      Future<?> first = callers.submit(() -> writer.write(0));
      await(firstWriteStarted);
      List<Future<Boolean>> others = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        int item = i;
        others.add(callers.submit(() -> {
          writer.write(item);
          return written.contains(item);
        }));
      }
      // every caller has queued its item behind the write in progress
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> writer.queued() == 20);
      releaseFirstWrite.countDown();
      first.get(10, TimeUnit.SECONDS);
      for (Future<Boolean> f : others) {
        assertThat(f.get(10, TimeUnit.SECONDS)).as("its item was written before it returned").isTrue();
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(written).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(0, 20).boxed().toList());
    // the 20 who queued during the first write are written together in the second
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1)).hasSize(20);
  }

  @Test
  void aFailedWriteFailsTheCallersOfItsBatchOnly() {
    CombiningWriter<String> writer =
        new CombiningWriter<>(
            10,
            batch -> {
              if (batch.contains("bad")) {
                throw new IllegalStateException("store down");
              }
            });

    assertThatThrownBy(() -> writer.write("bad")).isInstanceOf(IllegalStateException.class).hasMessage("store down");
    writer.write("good");
  }

  @Test
  void aBatchHoldsAtMostMaxBatchItemsInQueueOrder() {
    List<List<Integer>> batches = new ArrayList<>();
    CombiningWriter<Integer> writer = new CombiningWriter<>(1, batches::add);
    writer.write(7);
    assertThat(batches).containsExactly(List.of(7));
    assertThatThrownBy(() -> new CombiningWriter<Integer>(0, b -> {})).isInstanceOf(IllegalArgumentException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
