package io.mercury.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class StderrLoggerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Logger log =
      new StderrLogger("io.mercury.common.transport.ServiceClient", "mcli", new PrintStream(bytes, true, StandardCharsets.UTF_8));

  @Test
  void warningsAndErrorsAreOneLineEachWithTheShortLoggerName() {
    log.warn("reply from {} dropped: {}", "tcp://h:1", "too big");
    log.error("gone");

    assertThat(printed()).isEqualTo("mcli: WARN ServiceClient: reply from tcp://h:1 dropped: too big\nmcli: ERROR ServiceClient: gone\n");
  }

  @Test
  void aThrowableIsPrintedWithItsStackTrace() {
    log.warn("failed {}", "once", new IllegalStateException("boom"));

    assertThat(printed()).startsWith("mcli: WARN ServiceClient: failed once\njava.lang.IllegalStateException: boom\n\tat ");
  }

  @Test
  void lowerLevelsAreOff() {
    log.info("hello");
    log.debug("hello {}", 1);
    log.trace("hello");
    log.atInfo().log("fluent");

    assertThat(log.isInfoEnabled()).isFalse();
    assertThat(log.isWarnEnabled()).isTrue();
    assertThat(printed()).isEmpty();
  }

  @Test
  void theProviderHandsOutOneLoggerPerName() {
    StderrLoggerProvider provider = new StderrLoggerProvider();
    provider.initialize();

    assertThat(provider.getLoggerFactory().getLogger("a.B")).isSameAs(provider.getLoggerFactory().getLogger("a.B"));
    assertThat(provider.getLoggerFactory().getLogger("a.B").getName()).isEqualTo("a.B");
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
