package io.mercury.cli.command.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellWordsTest {
  @Test
  void splitsLikeAShell() {
    assertThat(ShellWords.split("  uname   -a ")).containsExactly("uname", "-a");
    assertThat(ShellWords.split("echo 'a  b' \"c \\\"d\\\" $x\" e\\ f")).containsExactly("echo", "a  b", "c \"d\" $x", "e f");
    assertThat(ShellWords.split("grep -c '' /proc/cpuinfo")).containsExactly("grep", "-c", "", "/proc/cpuinfo");
    assertThat(ShellWords.split("a\"b\"'c'")).containsExactly("abc");
    assertThat(ShellWords.split("\"a\\nb\"")).containsExactly("a\\nb");
    assertThat(ShellWords.split("")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "echo 'oops|unterminated single quote",
        "echo \"oops|unterminated double quote",
        "echo oops\\|backslash at the end of the line",
      })
  void unbalancedQuotingIsRejected(String line, String message) {
    assertThatThrownBy(() -> ShellWords.split(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
