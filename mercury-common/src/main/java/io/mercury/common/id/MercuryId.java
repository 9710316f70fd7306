package io.mercury.common.id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The original's {@code mercury_id} (docs/protocol.md, "Device document"): a two-character method prefix and the SHA-1 of the
 * identifying text, 42 lowercase hex characters, stable across CPU and memory swaps.
 *
 * <ol>
 *   <li>{@code 01}: DMI {@code product_uuid}, hashed exactly as read (no case change).
 *   <li>If any chassis or board asset tag or serial is the placeholder {@code To Be Filled By O.E.M.},
 *       skip to the MAC method.
 *   <li>{@code 02}: chassis asset tag + chassis serial, when both are set; else {@code 03}: board asset
 *       tag + board serial, when both are set.
 *   <li>{@code 00}: the MAC addresses of the embedded interfaces (biosdevname contains {@code em}), or of
 *       all interfaces if none is embedded, concatenated in order, empty ones skipped.
 * </ol>
 */
public final class MercuryId {
  static final String OEM_PLACEHOLDER = "To Be Filled By O.E.M.";
  private static final Pattern VALID = Pattern.compile("0[0-3][0-9a-f]{40}");

  private MercuryId() {}

  /**
   * Computes the id of a device.
   *
   * @param dmi the {@code dmi} document (may be null when the machine has no DMI)
   * @param interfaces the {@code interfaces} list in inspector order (may be null)
   * @throws MercuryIdException when neither DMI nor any MAC address identifies the device
   */
  public static String generate(Map<String, ?> dmi, List<? extends Map<String, ?>> interfaces)
      throws MercuryIdException {
    if (dmi != null) {
      String uuid = text(dmi, "product_uuid");
      if (!uuid.isEmpty()) {
        return "01" + sha1(uuid);
      }
      String chassisTag = text(dmi, "chassis_asset_tag");
      String chassisSerial = text(dmi, "chassis_serial");
      String boardTag = text(dmi, "board_asset_tag");
      String boardSerial = text(dmi, "board_serial");
      boolean placeholder =
          List.of(chassisTag, chassisSerial, boardTag, boardSerial).contains(OEM_PLACEHOLDER);
      if (!placeholder) {
        if (!chassisTag.isEmpty() && !chassisSerial.isEmpty()) {
          return "02" + sha1(chassisTag + chassisSerial);
        }
        if (!boardTag.isEmpty() && !boardSerial.isEmpty()) {
          return "03" + sha1(boardTag + boardSerial);
        }
      }
    }
    return "00" + sha1(macs(interfaces));
  }

  /** Whether {@code id} has the form of a mercury_id: a known prefix and 40 lowercase hex characters. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  private static String macs(List<? extends Map<String, ?>> interfaces) throws MercuryIdException {
    List<? extends Map<String, ?>> all = interfaces == null ? List.of() : interfaces;
    List<? extends Map<String, ?>> embedded = all.stream().filter(MercuryId::isEmbedded).toList();
    StringBuilder text = new StringBuilder();
    for (Map<String, ?> iface : embedded.isEmpty() ? all : embedded) {
      text.append(text(iface, "address"));
    }
    if (text.isEmpty()) {
      throw new MercuryIdException("Could not generate MercuryId");
    }
    return text.toString();
  }

  private static boolean isEmbedded(Map<String, ?> iface) {
    if (!(iface.get("predictable_names") instanceof Map<?, ?> names)) {
      return false;
    }
    Object bios = names.get("biosdevname");
    return bios instanceof String s && s.contains("em");
  }

  private static String text(Map<String, ?> map, String key) {
    Object v = map.get(key);
    return v == null ? "" : Objects.toString(v);
  }

  private static String sha1(String text) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
