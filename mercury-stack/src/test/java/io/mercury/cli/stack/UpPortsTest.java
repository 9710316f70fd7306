package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code up --port-base N} moves every port together; single port options still win. */
class UpPortsTest {
  private static StackMain.Ports ports(String... args) {
    StackMain.Up up = new StackMain.Up(null);
    new CommandLine(up).parseArgs(args);
    return up.ports();
  }

  @Test
  void withoutOptionsThePortsAreTheDocumentedDefaults() {
    assertThat(ports()).isEqualTo(new StackMain.Ports(27017, 9006, 9007, 9000, 9001, 9002, 9008, 9003, 9004, 5000, 9005));
  }

  @Test
  void aBaseMovesEveryPortAndASinglePortOptionOverridesIt() {
    assertThat(ports("--port-base", "19000"))
        .isEqualTo(new StackMain.Ports(19010, 19006, 19007, 19000, 19001, 19002, 19008, 19003, 19004, 19009, 19005));
    assertThat(ports("--port-base", "19000", "--api-port", "8080").api()).isEqualTo(8080);
  }

  @Test
  void aBaseThatLeavesNoRoomIsRefused() {
    assertThatThrownBy(() -> ports("--port-base", "65530")).hasMessageContaining("--port-base must be between 1024 and 65525");
    assertThatThrownBy(() -> ports("--port-base", "80")).hasMessageContaining("--port-base must be between 1024 and 65525");
  }
}
