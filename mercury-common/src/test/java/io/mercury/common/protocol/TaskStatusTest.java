package io.mercury.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskStatusTest {
  @Test
  void theWireNamesAndTheirOrderAreTheContracts() {
    assertThat(Arrays.stream(TaskStatus.values()).map(Enum::name))
        .containsExactly("NEW", "DISPATCHED", "STARTED", "SUCCESS", "ERROR", "TIMEOUT", "CANCELLED");
  }

  @Test
  void onlyTheFirstThreeStatesAreOpen() {
    assertThat(Arrays.stream(TaskStatus.values()).filter(s -> !s.isTerminal()))
        .containsExactly(TaskStatus.NEW, TaskStatus.DISPATCHED, TaskStatus.STARTED);
  }

  @Test
  void namedTakesExactNamesOnly() {
    assertThat(TaskStatus.named("TIMEOUT")).contains(TaskStatus.TIMEOUT);
    assertThat(TaskStatus.named("EXCEPTION")).isEqualTo(Optional.empty());
    assertThat(TaskStatus.named("success")).isEmpty();
    assertThat(TaskStatus.named(null)).isEmpty();
  }

  @Test
  void parseCountsTheOriginalsExceptionAsError() {
    assertThat(TaskStatus.parse("EXCEPTION")).isEqualTo(TaskStatus.ERROR);
    assertThat(TaskStatus.parse("SUCCESS")).isEqualTo(TaskStatus.SUCCESS);
    assertThatThrownBy(() -> TaskStatus.parse("DONE")).hasMessageStartingWith("unknown status 'DONE'");
    assertThatThrownBy(() -> TaskStatus.parse(3)).hasMessage("status must be a string, not 3");
  }
}
