package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void padsColumnsRightAlignsNumbersAndTrimsLineEnds() {
    String table =
        Table.render(
            List.of(new Table.Column("NAME", false), new Table.Column("N", true), new Table.Column("X", false)),
            List.of(List.of("a", "1", ""), List.of("longer", "100", "z")));

    assertThat(table).isEqualTo("NAME      N  X\na         1\nlonger  100  z\n");
  }

  @Test
  void rejectsRaggedRows() {
    assertThatThrownBy(
            () -> Table.render(List.of(new Table.Column("A", false)), List.of(List.of("1", "2"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
