package io.mercury.common.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Both entry points quote alike; they differ only in their separators and their messages. */
class ShellWordsTest {
  static Stream<Function<String, List<String>>> splitters() {
    return Stream.of(ShellWords::splitCommand, ShellWords::splitLine);
  }

  @ParameterizedTest
  @MethodSource("splitters")
  void splitsLikeAShellWithoutExpanding(Function<String, List<String>> split) {
    assertThat(split.apply("ls -l  /tmp")).containsExactly("ls", "-l", "/tmp");
    assertThat(split.apply("  uname   -a ")).containsExactly("uname", "-a");
    assertThat(split.apply("echo 'a b' \"c \\\"d\\\"\" e\\ f $HOME")).containsExactly("echo", "a b", "c \"d\"", "e f", "$HOME");
    assertThat(split.apply("echo 'a  b' \"c \\\"d\\\" $x\" e\\ f")).containsExactly("echo", "a  b", "c \"d\" $x", "e f");
    assertThat(split.apply("x''y \"\"")).containsExactly("xy", "");
    assertThat(split.apply("grep -c '' /proc/cpuinfo")).containsExactly("grep", "-c", "", "/proc/cpuinfo");
    assertThat(split.apply("a\"b\"'c'")).containsExactly("abc");
    assertThat(split.apply("\"a\\nb\"")).containsExactly("a\\nb");
    assertThat(split.apply("\"\\$x \\` \\\\\"")).containsExactly("$x ` \\");
    assertThat(split.apply("a\tb")).containsExactly("a", "b");
    assertThat(split.apply("   ")).isEmpty();
    assertThat(split.apply("")).isEmpty();
  }

  @Test
  void theAgentSplitsAtAnyWhitespaceMcliOnlyAtBlanksAndTabs() {
    assertThat(ShellWords.splitCommand("ls\n-l\f/tmp")).containsExactly("ls", "-l", "/tmp");
    assertThat(ShellWords.splitLine("ls\n-l\f/tmp")).containsExactly("ls\n-l\f/tmp");
  }

  @Test
  void theAgentsMessagesQuoteTheCommand() {
    assertThatThrownBy(() -> ShellWords.splitCommand("echo 'a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unterminated single quote in command: echo 'a");
    assertThatThrownBy(() -> ShellWords.splitCommand("echo \"a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unterminated double quote in command: echo \"a");
    assertThatThrownBy(() -> ShellWords.splitCommand("echo a\\"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trailing backslash in command: echo a\\");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "echo 'oops|unterminated single quote",
        "echo \"oops|unterminated double quote",
        "echo oops\\|backslash at the end of the line",
      })
  void mclisMessagesAreBareForItToPlace(String line, String message) {
    assertThatThrownBy(() -> ShellWords.splitLine(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
