package io.mercury.inspector.collect;

import io.mercury.inspector.document.LldpNeighbour;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decodes one LLDP Ethernet frame (IEEE 802.1AB) into the same neighbour fields that {@link
 * LldpNeighbours} reads from lldpd: chassis id, port id and description, system name and description,
 * management address, and the port VLAN id (802.1 organisationally specific TLV).
 */
public final class LldpFrame {
  static final int ETHERTYPE_LLDP = 0x88cc;
  private static final byte[] IEEE_8021 = {0x00, (byte) 0x80, (byte) 0xc2};

  private LldpFrame() {}

  /** The neighbour a frame describes, or empty when the frame is not a well-formed LLDP frame. */
  public static Optional<LldpNeighbour> parse(byte[] frame) {
    if (frame.length < 14 + 2 || ((frame[12] & 0xff) << 8 | (frame[13] & 0xff)) != ETHERTYPE_LLDP) {
      return Optional.empty();
    }
    String switchName = null;
    String portId = null;
    String portDescription = null;
    String chassisId = null;
    String managementAddress = null;
    String systemDescription = null;
    String vlan = null;
    ByteBuffer b = ByteBuffer.wrap(frame, 14, frame.length - 14);
    boolean chassis = false;
    boolean port = false;
    String portIdType = "";
    while (b.remaining() >= 2) {
      int header = b.getShort() & 0xffff;
      int type = header >>> 9;
      int length = header & 0x1ff;
      if (type == 0) {
        break;
      }
      if (length > b.remaining()) {
        return Optional.empty();
      }
      byte[] value = new byte[length];
      b.get(value);
      switch (type) {
        case 1 -> {
          chassisId = idValue(value);
          chassis = true;
        }
        case 2 -> {
          portId = idValue(value);
          portIdType = value.length > 0 && value[0] == 3 ? "mac" : "";
          port = true;
        }
        case 4 -> portDescription = text(value, 0);
        case 5 -> switchName = text(value, 0);
        case 6 -> systemDescription = text(value, 0);
        case 8 -> managementAddress = managementAddress(value);
        case 127 -> {
          if (value.length >= 6 && value[0] == IEEE_8021[0] && value[1] == IEEE_8021[1] && value[2] == IEEE_8021[2] && value[3] == 1) {
            vlan = Integer.toString((value[4] & 0xff) << 8 | (value[5] & 0xff));
          }
        }
        default -> {
          // TTL, capabilities and other TLVs are not part of the document
        }
      }
    }
    if (!chassis || !port) {
      return Optional.empty();
    }
    Long portNumber = portNumber("mac".equals(portIdType) ? null : portId, portDescription);
    return Optional.of(
        new LldpNeighbour(switchName, portNumber, portId, portDescription, chassisId, managementAddress, systemDescription, vlan));
  }

  /** Chassis and port ids: subtype 4 (chassis) / 3 (port) is a MAC address, the others are text. */
  private static String idValue(byte[] value) {
    if (value.length == 7 && (value[0] == 4 || value[0] == 3)) {
      return HexFormat.ofDelimiter(":").formatHex(value, 1, 7);
    }
    return text(value, 1);
  }

  private static String managementAddress(byte[] value) {
    if (value.length >= 6 && value[1] == 1 && value[0] == 5) {
      return (value[2] & 0xff) + "." + (value[3] & 0xff) + "." + (value[4] & 0xff) + "." + (value[5] & 0xff);
    }
    return null;
  }

  private static String text(byte[] value, int from) {
    return value.length <= from ? "" : new String(value, from, value.length - from, StandardCharsets.UTF_8).strip();
  }

  private static Long portNumber(String portId, String description) {
    for (String candidate : new String[] {portId, description}) {
      if (candidate != null) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)$").matcher(candidate);
        if (m.find()) {
          return Long.parseLong(m.group(1));
        }
      }
    }
    return null;
  }
}
