package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultSpoolTest {
  @TempDir Path dir;

  @Test
  void savedResultsSurviveAReopenUntilDeleted() throws Exception {
    ResultSpool spool = new ResultSpool(dir);
    spool.save("t1", Map.of("task_id", "t1", "status", "SUCCESS"));
    spool.save("odd/../id", Map.of("task_id", "odd/../id", "status", "ERROR"));

    ResultSpool reopened = new ResultSpool(dir);
    assertThat(reopened.pending()).extracting(m -> m.get("task_id")).containsExactlyInAnyOrder("t1", "odd/../id");
    assertThat(reopened.isSpooled("odd/../id")).isTrue();
    assertThat(Files.list(dir.resolve("results")).map(p -> p.getFileName().toString()))
        .allSatisfy(name -> assertThat(name).doesNotContain("/").doesNotContain(".."));

    reopened.delete("t1");
    assertThat(new ResultSpool(dir).pending()).hasSize(1);
    assertThat(new ResultSpool(dir).isFinished("t1")).isTrue();
  }

  @Test
  void finishedIdsAreBoundedAndCompactedOnOpen() throws Exception {
    ResultSpool spool = new ResultSpool(dir, 3);
    for (int i = 0; i < 5; i++) {
      spool.save("t" + i, Map.of("task_id", "t" + i));
      spool.delete("t" + i);
    }
    assertThat(spool.isFinished("t0")).isFalse();
    assertThat(spool.isFinished("t4")).isTrue();

    ResultSpool reopened = new ResultSpool(dir, 3);
    assertThat(reopened.isFinished("t1")).isFalse();
    assertThat(reopened.isFinished("t2")).isTrue();
    assertThat(Files.readAllLines(dir.resolve("finished-tasks"))).containsExactly("t2", "t3", "t4");
  }

  @Test
  void anUnreadableFileIsSetAsideNotLost() throws Exception {
    ResultSpool spool = new ResultSpool(dir);
    Files.write(dir.resolve("results/broken.result"), new byte[] {(byte) 0xc1});

    assertThat(spool.pending()).isEmpty();
    assertThat(dir.resolve("results/broken.result.corrupt")).exists();
  }
}
