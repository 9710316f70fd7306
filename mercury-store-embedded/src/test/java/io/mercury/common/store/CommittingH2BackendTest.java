package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Iterator;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long scan while other writes commit: without its version held, MVStore reuses the chunks the scan
 * still reads once they are older than the retention time (0 here, 1 s in the embedded store) and the
 * scan fails with "Chunk N not found", as the inventory's count of active devices once did at 10,000
 * devices. Single-threaded and without MVStore's background writer, so the outcome is deterministic.
 */
class CommittingH2BackendTest {
  private static final String PAD = "x".repeat(2000);

  @TempDir Path dir;

  private static MVStore open(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    store.setRetentionTime(0);
    return store;
  }

  /** Iterates over the map's keys, rewriting 2,000 entries and committing after every 200 read. */
  private static int scanWhileWriting(MVStore store, MVMap<Integer, String> map) {
    Iterator<Integer> keys = map.keyIterator(null);
    int read = 0;
    while (keys.hasNext()) {
      keys.next();
      read++;
      if (read % 200 == 0) {
        for (int j = 0; j < 2000; j++) {
          map.put((read * 7 + j) % 20_000, PAD + j + "-" + read);
        }
        store.commit();
      }
    }
    return read;
  }

  private static MVMap<Integer, String> filled(MVStore store) {
    MVMap<Integer, String> map = store.openMap("devices");
    for (int i = 0; i < 20_000; i++) {
      map.put(i, PAD + i);
      if (i % 500 == 0) {
        store.commit();
      }
    }
    store.commit();
    return map;
  }

  @Test
  void aScanHoldingItsVersionReadsEverythingWhileOthersCommit() {
    MVStore store = open(dir.resolve("held.mv.db"));
    try {
      MVMap<Integer, String> map = filled(store);
      int read = CommittingH2Backend.holdingVersion(store, () -> scanWhileWriting(store, map));
      assertThat(read).isEqualTo(20_000);
    } finally {
      store.close();
    }
  }

  @Test
  void withoutHoldingItsVersionTheSameScanLosesChunks() {
    MVStore store = open(dir.resolve("unheld.mv.db"));
    try {
      MVMap<Integer, String> map = filled(store);
      assertThatThrownBy(() -> scanWhileWriting(store, map))
          .isInstanceOf(MVStoreException.class)
          .hasMessageContaining("not found");
    } finally {
      store.closeImmediately();
    }
  }
}
