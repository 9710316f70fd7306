package io.mercury.common.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingTest {
  private static final Logger log = LoggerFactory.getLogger(LoggingTest.class);
  private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void restoreDefaultConfiguration() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
    MDC.clear();
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonLinesCarryServiceVersionHostAndTheIdsInScope() throws Exception {
    Logging.configure("mercury-inventory", "INFO", "json", out);
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, "01abc", LogKeys.JOB_ID, "job-1", LogKeys.TASK_ID, "task-7")) {
      log.info("task started");
    }
    log.info("outside");
    String[] lines = output().strip().split("\n");
    assertThat(lines).hasSize(2);
    JsonNode event = new ObjectMapper().readTree(lines[0]);
    assertThat(event.get("message").asText()).isEqualTo("task started");
    assertThat(event.get("level").asText()).isEqualTo("INFO");
    assertThat(event.get("service").asText()).isEqualTo("mercury-inventory");
    assertThat(event.get("version").asText()).isEqualTo(MercuryVersion.get()).isNotEqualTo("unknown");
    assertThat(event.get("host").asText()).isNotBlank();
    assertThat(event.get("mercury_id").asText()).isEqualTo("01abc");
    assertThat(event.get("job_id").asText()).isEqualTo("job-1");
    assertThat(event.get("task_id").asText()).isEqualTo("task-7");
    JsonNode outside = new ObjectMapper().readTree(lines[1]);
    assertThat(outside.has("job_id")).isFalse();
  }

  @Test
  void consoleLinesAreReadableAndShowTheIds() {
    Logging.configure("mercury-inventory", "INFO", "console", out);
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, "job-1")) {
      log.warn("slow agent");
    }
    assertThat(output())
        .matches("(?s)" + ISO_UTC + " WARN  mercury-inventory \\[- job-1 -] \\S*LoggingTest - slow agent\\n");
  }

  /**
   * Issue 15: daemons wrote local time without a zone while jobs say {@code Z}. Both formats now write
   * the instant in UTC to the millisecond, whatever the machine's zone.
   */
  @ParameterizedTest
  @ValueSource(strings = {"json", "console"})
  void timesAreUtcToTheMillisecondWhateverTheMachinesZone(String format) throws Exception {
    TimeZone machine = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // UTC-3:30 or -2:30, never 0
    try {
      Logging.configure("svc", "INFO", format, out);
      Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      log.info("now");
      Instant after = Instant.now();
      String time =
          format.equals("json")
              ? new ObjectMapper().readTree(output().strip()).get("@timestamp").asText()
              : output().substring(0, output().indexOf(' '));
      assertThat(time).matches(ISO_UTC);
      assertThat(Instant.parse(time)).isBetween(before, after);
    } finally {
      TimeZone.setDefault(machine);
    }
  }

  @Test
  void theLevelIsAppliedAndChattyLibrariesStayQuiet() {
    Logging.configure("svc", "WARN", "console", out);
    log.info("hidden");
    LoggerFactory.getLogger("org.mongodb.driver.cluster").warn("kept");
    assertThat(output()).doesNotContain("hidden").contains("kept");

    out.reset();
    Logging.configure("svc", "DEBUG", "console", out);
    LoggerFactory.getLogger("org.mongodb.driver.cluster").info("driver chatter");
    log.debug("ours");
    assertThat(output()).doesNotContain("driver chatter").contains("ours");
  }

  @Test
  void badLevelOrFormatIsRefusedWithTheAllowedValues() {
    assertThatThrownBy(() -> Logging.configure("svc", "LOUD", "json", out))
        .hasMessage("logging.level must be TRACE, DEBUG, INFO, WARN or ERROR, got 'LOUD'");
    assertThatThrownBy(() -> Logging.configure("svc", "INFO", "xml", out))
        .hasMessage("logging.format must be json or console, got 'xml'");
  }

  @Test
  void aScopeRestoresWhatWasThereBefore() {
    MDC.put(LogKeys.JOB_ID, "outer");
    try (LogScope inner = LogScope.of(LogKeys.JOB_ID, "inner", LogKeys.TASK_ID, "t")) {
      assertThat(MDC.get(LogKeys.JOB_ID)).isEqualTo("inner");
    }
    assertThat(MDC.get(LogKeys.JOB_ID)).isEqualTo("outer");
    assertThat(MDC.get(LogKeys.TASK_ID)).isNull();
  }
}
