package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.testing.SampleDevices;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentPathTest {
  private final Map<String, Object> hp = SampleDevices.hp();

  @Test
  void followsNestedObjects() {
    assertThat(DocumentPath.get(hp, "dmi.sys_vendor")).isEqualTo("HP");
    assertThat(DocumentPath.get(hp, "bmc.network.ip_address")).isEqualTo("10.1.0.11");
    assertThat(DocumentPath.get(hp, "mem.Active(anon)")).isEqualTo(5L);
  }

  @Test
  void collectsAFieldFromEveryArrayElement() {
    assertThat(DocumentPath.get(hp, "interfaces.devname"))
        .isEqualTo(List.of("eno1", "eno2", "ens1f0", "ens1f1"));
  }

  @Test
  void numericPartIndexesAnArray() {
    assertThat(DocumentPath.get(hp, "interfaces.2.devname")).isEqualTo("ens1f0");
    assertThat(DocumentPath.get(hp, "interfaces.9.devname")).isNull();
  }

  @Test
  void absentOrNonObjectPathsAreNull() {
    assertThat(DocumentPath.get(hp, "nope")).isNull();
    assertThat(DocumentPath.get(hp, "dmi.sys_vendor.deeper")).isNull();
    assertThat(DocumentPath.get(hp, "interfaces.nope")).isNull();
    assertThat(DocumentPath.get(SampleDevices.vm(), "dmi.sys_vendor")).isNull();
  }
}
