package io.mercury.common.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MercuryIdTest {
  private static Map<String, Object> iface(String mac, String biosdevname) {
    Map<String, Object> names = new HashMap<>();
    names.put("biosdevname", biosdevname);
    return Map.of("address", mac, "predictable_names", names);
  }

  /** Appendix B of the reference, every vector. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "uuid from the RAML example | product_uuid=37313930-3631-5443-3531-4E5239393532 | | 0110a1628669e487f48b3f8de13bebeafe2933c875",
        "uuid lower-cased           | product_uuid=37313930-3631-5443-3531-4e5239393532 | | 013c16030373937262a32e831ff18c941b6481ded8",
        "fake uuid                  | product_uuid=fake_product_uuid                     | | 0128ba8246592e7b0165fe9ba7420178d79ef838f1",
        "chassis tag and serial     | chassis_asset_tag=ASSET1,chassis_serial=SERIAL1    | | 029e069d4dd43a8675a1235391b3f0b7e54f895bfc",
        "board tag and serial       | board_asset_tag=BASSET,board_serial=BSERIAL        | | 038cb81cb0433bbe701ac2446c48ef96f9bc3e6c27",
        "one MAC                    |                                                    | 38:63:bb:3f:4b:f4 | 00bb5644ba1c830a3b9ab9dedcd8f516b2075a7cd6",
        "two MACs in order          |                                                    | 38:63:bb:3f:4b:f4,38:63:bb:3f:4b:f5 | 00894b5f77789ec4792c2f4f9a100d614f709434ac",
      })
  void appendixBVectors(String name, String dmiFields, String macs, String expected) throws Exception {
    Map<String, Object> dmi = new HashMap<>();
    if (dmiFields != null) {
      for (String field : dmiFields.split(",")) {
        String[] kv = field.split("=", 2);
        dmi.put(kv[0], kv[1]);
      }
    }
    List<Map<String, Object>> interfaces =
        macs == null ? List.of() : java.util.Arrays.stream(macs.split(",")).map(m -> iface(m, null)).toList();
    assertThat(MercuryId.generate(dmi, interfaces)).isEqualTo(expected);
    assertThat(MercuryId.isValid(expected)).isTrue();
  }

  @Test
  void anOemPlaceholderSkipsEveryDmiMethod() throws Exception {
    Map<String, Object> dmi =
        Map.of("chassis_asset_tag", "To Be Filled By O.E.M.", "chassis_serial", "S1", "board_asset_tag", "B", "board_serial", "BS");
    assertThat(MercuryId.generate(dmi, List.of(iface("38:63:bb:3f:4b:f4", null))))
        .isEqualTo("00bb5644ba1c830a3b9ab9dedcd8f516b2075a7cd6");
  }

  @Test
  void aUuidWinsEvenOverAPlaceholder() throws Exception {
    Map<String, Object> dmi = Map.of("product_uuid", "fake_product_uuid", "board_serial", "To Be Filled By O.E.M.");
    assertThat(MercuryId.generate(dmi, List.of())).isEqualTo("0128ba8246592e7b0165fe9ba7420178d79ef838f1");
  }

  @Test
  void onlyEmbeddedInterfacesCountWhenThereAreAny() throws Exception {
    List<Map<String, Object>> interfaces =
        List.of(iface("aa:aa:aa:aa:aa:aa", "p1p1"), iface("38:63:bb:3f:4b:f4", "em1"), iface("bb:bb:bb:bb:bb:bb", null));
    assertThat(MercuryId.generate(Map.of(), interfaces)).isEqualTo("00bb5644ba1c830a3b9ab9dedcd8f516b2075a7cd6");
  }

  @Test
  void emptyMacsAreSkippedAndAHalfSetChassisFallsThrough() throws Exception {
    List<Map<String, Object>> interfaces = List.of(iface("", null), iface("38:63:bb:3f:4b:f4", null));
    Map<String, Object> dmi = Map.of("chassis_asset_tag", "ASSET1", "chassis_serial", "");
    assertThat(MercuryId.generate(dmi, interfaces)).isEqualTo("00bb5644ba1c830a3b9ab9dedcd8f516b2075a7cd6");
  }

  @Test
  void noDmiAndNoMacIsAnError() {
    assertThatThrownBy(() -> MercuryId.generate(null, null))
        .isInstanceOf(MercuryIdException.class)
        .hasMessage("Could not generate MercuryId");
    assertThatThrownBy(() -> MercuryId.generate(Map.of(), List.of(iface("", "em1"))))
        .isInstanceOf(MercuryIdException.class);
  }

  @Test
  void validityChecksPrefixLengthAndCase() {
    assertThat(MercuryId.isValid("0110a1628669e487f48b3f8de13bebeafe2933c875")).isTrue();
    assertThat(MercuryId.isValid("0410a1628669e487f48b3f8de13bebeafe2933c875")).isFalse();
    assertThat(MercuryId.isValid("0110A1628669E487F48B3F8DE13BEBEAFE2933C875")).isFalse();
    assertThat(MercuryId.isValid("0110a1628669e487f48b3f8de13bebeafe2933c8")).isFalse();
    assertThat(MercuryId.isValid(null)).isFalse();
  }
}
