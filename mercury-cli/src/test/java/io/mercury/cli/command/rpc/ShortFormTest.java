package io.mercury.cli.command.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortFormTest {
  @Test
  void theFirstPlainNameIsTheMethod() throws CliException {
    ShortForm form =
        ShortForm.parse(
            List.of("dmi.sys_vendor=HPE", "mem.MemTotal>=64e9", "!dmi.board", "bmc.network.ip_address",
                "run", "uname -a", "x=1"));

    assertThat(form.filters())
        .containsExactly("dmi.sys_vendor=HPE", "mem.MemTotal>=64e9", "!dmi.board", "bmc.network.ip_address");
    assertThat(form.method()).isEqualTo("run");
    assertThat(form.args()).containsExactly("uname -a", "x=1");
  }

  @Test
  void noFiltersAndNoArgs() throws CliException {
    ShortForm form = ShortForm.parse(List.of("inspector"));

    assertThat(form.filters()).isEmpty();
    assertThat(form.method()).isEqualTo("inspector");
    assertThat(form.args()).isEmpty();
  }

  @Test
  void methodNamesMayHoldUnderscoresAndDigits() throws CliException {
    assertThat(ShortForm.parse(List.of("a~b", "hpssa_create_array2", "1")).method())
        .isEqualTo("hpssa_create_array2");
  }

  @Test
  void missingMethodIsAUsageError() {
    assertThatThrownBy(() -> ShortForm.parse(List.of()))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("missing METHOD (or a command: submit, job, jobs, cancel, task, list)");
    assertThatThrownBy(() -> ShortForm.parse(List.of("dmi.sys_vendor=HP", "9lives")))
        .hasMessage(
            "missing METHOD after the filters dmi.sys_vendor=HP 9lives (a method is a plain name like echo or run)");
  }
}
