package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.backend.TaskCompletion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultSpoolTest {
  @TempDir Path dir;

  @Test
  void savedResultsSurviveAReopenUntilDeleted() throws Exception {
    ResultSpool spool = new ResultSpool(dir);
    spool.save(completion("t1", TaskStatus.SUCCESS));
    spool.save(completion("odd/../id", TaskStatus.ERROR));

    ResultSpool reopened = new ResultSpool(dir);
    assertThat(reopened.pending()).extracting(TaskCompletion::taskId).containsExactlyInAnyOrder("t1", "odd/../id");
    assertThat(reopened.isSpooled("odd/../id")).isTrue();
    try (Stream<Path> results = Files.list(dir.resolve("results"))) {
      assertThat(results.map(p -> p.getFileName().toString())).allSatisfy(name -> assertThat(name).doesNotContain("/").doesNotContain(".."));
    }

    reopened.delete("t1");
    assertThat(new ResultSpool(dir).pending()).hasSize(1);
    assertThat(new ResultSpool(dir).isFinished("t1")).isTrue();
  }

  @Test
  void finishedIdsAreBoundedAndCompactedOnOpen() throws Exception {
    ResultSpool spool = new ResultSpool(dir, 3);
    for (int i = 0; i < 5; i++) {
      spool.save(completion("t" + i, TaskStatus.SUCCESS));
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

  @Test
  void aFileThatIsNoCompletionIsSetAsideNotLost() throws Exception {
    ResultSpool spool = new ResultSpool(dir);
    Files.write(dir.resolve("results/odd.result"), io.mercury.common.codec.MsgPack.encode(java.util.Map.of("task_id", "t9")));

    assertThat(spool.pending()).isEmpty();
    assertThat(dir.resolve("results/odd.result.corrupt")).exists();
  }

  private static TaskCompletion completion(String taskId, TaskStatus status) {
    return new TaskCompletion(taskId, "j1", status, null, null, 1.0, 2.0, "Completed", null);
  }
}
