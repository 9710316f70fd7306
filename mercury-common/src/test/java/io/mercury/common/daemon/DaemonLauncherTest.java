package io.mercury.common.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.lifecycle.ServiceRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's contract before a daemon runs: help, and configuration errors with exit status 2. */
class DaemonLauncherTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<String> events = new ArrayList<>();

  /** A daemon with one integer option that must be positive. */
  private final class Sample implements Daemon<Long> {
    @Override
    public String name() {
      return "mercury-sample";
    }

    @Override
    public String usage() {
      return "mercury-sample [-c FILE] [OPTIONS]";
    }

    @Override
    public ConfigSpec spec() {
      return ConfigSpec.builder(name(), "mercury-sample.yaml")
          .option(Option.integer("sample.workers").defaultValue(4L).doc("Workers."))
          .build();
    }

    @Override
    public Long configuration(Configuration cfg) {
      long workers = cfg.integer("sample.workers");
      if (workers < 1) {
        throw new IllegalArgumentException("sample.workers must be at least 1, was " + workers);
      }
      events.add("read " + workers);
      return workers;
    }

    @Override
    public void configureLogging(Long config, Configuration cfg) {
      events.add("logging " + cfg.string("logging.level"));
    }

    @Override
    public void start(Long config, ServiceRunner runner) {
      events.add("start");
    }
  }

  private int run(String... args) throws InterruptedException {
    return DaemonLauncher.run(
        new Sample(),
        args,
        Map.of(),
        Path.of("/nonexistent"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheUsageAndTheOptionTableAndStartsNothing() throws Exception {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: mercury-sample [-c FILE] [OPTIONS]\n\n| option | environment | flag | default | description |")
        .contains("| `sample.workers` | `SAMPLE_WORKERS` | `--sample-workers` | `4` | Workers. |");
    assertThat(events).isEmpty();
  }

  @Test
  void anUnknownFlagIsAConfigurationErrorNamedAfterTheDaemon() throws Exception {
    assertThat(run("--sample-wrokers", "2")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("mercury-sample: mercury-sample: unknown option --sample-wrokers; did you mean --sample-workers?");
    assertThat(events).isEmpty();
  }

  @Test
  void aValueTheRecordRefusesIsAConfigurationErrorBeforeLoggingOrStart() throws Exception {
    assertThat(run("--sample-workers", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("mercury-sample: sample.workers must be at least 1, was 0" + System.lineSeparator());
    assertThat(events).isEmpty();
    assertThat(out.size()).isZero();
  }

  @Test
  void aValueOutOfTheIntRangeIsRefusedWithTheOptionsName() throws Exception {
    Configuration cfg =
        ConfigLoader.load(
            new Sample().spec(), new String[] {"--sample-workers", "3000000000"}, Map.of(), null, List.of());
    assertThatThrownBy(() -> cfg.int32("sample.workers"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sample.workers must be between -2147483648 and 2147483647, got 3000000000");
  }
}
