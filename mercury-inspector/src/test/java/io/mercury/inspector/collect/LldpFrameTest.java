package io.mercury.inspector.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.inspector.document.DeviceDocumentCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LldpFrameTest {
  private static void tlv(ByteArrayOutputStream out, int type, byte[] value) {
    int header = type << 9 | value.length;
    out.write(header >> 8);
    out.write(header & 0xff);
    out.writeBytes(value);
  }

  private static byte[] concat(int first, byte[] rest) {
    byte[] v = new byte[rest.length + 1];
    v[0] = (byte) first;
    System.arraycopy(rest, 0, v, 1, rest.length);
    return v;
  }

  private static byte[] frame(boolean withPort) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HexFormat.of().parseHex("0180c200000e" + "444ca80b129e" + "88cc"));
    tlv(out, 1, concat(4, HexFormat.of().parseHex("444ca80b129e")));
    if (withPort) {
      tlv(out, 2, concat(5, "Ethernet17".getBytes(StandardCharsets.US_ASCII)));
    }
    tlv(out, 3, new byte[] {0, 120});
    tlv(out, 4, "dc1-r07-u22 eno1".getBytes(StandardCharsets.US_ASCII));
    tlv(out, 5, "c10-5-1e.ord1".getBytes(StandardCharsets.US_ASCII));
    tlv(out, 6, "Arista Networks EOS".getBytes(StandardCharsets.US_ASCII));
    tlv(out, 8, HexFormat.of().parseHex("05010afa0a05" + "0200000001" + "00"));
    tlv(out, 127, HexFormat.of().parseHex("0080c201" + "0078"));
    tlv(out, 0, new byte[0]);
    return out.toByteArray();
  }

  @Test
  void aSwitchsFrameGivesTheNeighbourFields() {
    assertThat(LldpFrame.parse(frame(true)).map(DeviceDocumentCodec::neighbour))
        .hasValueSatisfying(
            n ->
                assertThat(n)
                    .containsEntry("switch_name", "c10-5-1e.ord1")
                    .containsEntry("port_id", "Ethernet17")
                    .containsEntry("port_number", 17L)
                    .containsEntry("port_description", "dc1-r07-u22 eno1")
                    .containsEntry("chassis_id", "44:4c:a8:0b:12:9e")
                    .containsEntry("management_address", "10.250.10.5")
                    .containsEntry("system_description", "Arista Networks EOS")
                    .containsEntry("vlan", "120"));
  }

  @Test
  void framesThatAreNotWholeLldpAreIgnored() {
    byte[] ipv4 = frame(true);
    ipv4[12] = 0x08;
    ipv4[13] = 0x00;
    assertThat(LldpFrame.parse(ipv4)).isEmpty();
    assertThat(LldpFrame.parse(frame(false))).as("no port id TLV").isEmpty();
    byte[] full = frame(true);
    assertThat(LldpFrame.parse(Arrays.copyOf(full, 30))).as("truncated inside a TLV").isEmpty();
    assertThat(LldpFrame.parse(new byte[5])).isEmpty();
  }
}
