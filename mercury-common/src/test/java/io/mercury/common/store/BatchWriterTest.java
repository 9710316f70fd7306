package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchWriterTest {
  @Test
  void itemsSubmittedTogetherAreNeverSplitBetweenBatches() throws Exception {
    List<List<Integer>> batches = new ArrayList<>();
    int threads = 4;
    int pairsPerThread = 5_000;
    try (BatchWriter<Integer> writer = new BatchWriter<>("test-writer", 1_000_000, b -> {
      synchronized (batches) {
        batches.add(b);
      }
    })) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> submitters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * pairsPerThread * 2;
        submitters.add(Thread.ofPlatform().start(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < pairsPerThread; i++) {
            writer.submitAll(List.of(base + 2 * i, base + 2 * i + 1));
          }
        }));
      }
      go.countDown();
      for (Thread t : submitters) {
        t.join(TimeUnit.SECONDS.toMillis(60));
      }
    }
    int items = 0;
    for (List<Integer> batch : batches) {
      items += batch.size();
      for (int i = 0; i < batch.size(); i++) {
        int item = batch.get(i);
        if (item % 2 == 0) {
          assertThat(i + 1).as("the pair of %s is in its batch", item).isLessThan(batch.size());
          assertThat(batch.get(i + 1)).isEqualTo(item + 1);
        } else {
          assertThat(i).as("the pair of %s is in its batch", item).isPositive();
          assertThat(batch.get(i - 1)).isEqualTo(item - 1);
        }
      }
    }
    assertThat(items).isEqualTo(threads * pairsPerThread * 2);
  }

  @Test
  void aLoneItemIsWrittenAtOnceAndCloseWritesWhatIsQueued() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    List<Integer> seen = new ArrayList<>();
    BatchWriter<Integer> writer = new BatchWriter<>("test-writer", 10, b -> {
      synchronized (seen) {
        seen.addAll(b);
      }
      written.countDown();
    });
    writer.submit(1);
    assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
    writer.submitAll(List.of(2, 3));
    writer.close();
    synchronized (seen) {
      assertThat(seen).containsExactly(1, 2, 3);
    }
  }
}
