package io.mercury.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The start-up archive's training makes real calls: if a command stopped understanding the stand-in's
 * replies, the archive would quietly miss the classes of a successful call.
 */
class McliTrainingTest {
  @Test
  void everyTrainingCallExitsAsExpectedAgainstTheStandIns() {
    assertThat(McliTraining.train()).isEmpty();
  }
}
