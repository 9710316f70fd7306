package io.mercury.agent.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {
  @Test
  void splitsLikeAShellWithoutExpanding() {
    assertThat(ShellWords.split("ls -l  /tmp")).containsExactly("ls", "-l", "/tmp");
    assertThat(ShellWords.split("echo 'a b' \"c \\\"d\\\"\" e\\ f $HOME")).containsExactly("echo", "a b", "c \"d\"", "e f", "$HOME");
    assertThat(ShellWords.split("x''y \"\"")).containsExactly("xy", "");
    assertThat(ShellWords.split("   ")).isEmpty();
  }

  @Test
  void unterminatedQuotesAreErrors() {
    assertThatThrownBy(() -> ShellWords.split("echo 'a")).hasMessageContaining("unterminated single quote");
    assertThatThrownBy(() -> ShellWords.split("echo \"a")).hasMessageContaining("unterminated double quote");
    assertThatThrownBy(() -> ShellWords.split("echo a\\")).hasMessageContaining("trailing backslash");
  }
}
