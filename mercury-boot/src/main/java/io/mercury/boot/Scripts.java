package io.mercury.boot;

import io.mercury.common.bootscript.IpxeText;

/** The fixed iPXE scripts of the boot service. */
final class Scripts {
  private Scripts() {}

  /** The discovery script of {@code GET /boot}: chains to the decision for this NIC's MAC. */
  static String discovery(String bootUrl) {
    return "#!ipxe\n"
        + "echo MERCURY BOOT DISCOVERY\n"
        + "chain " + bootUrl + "/boot/discover/${netX/mac} || shell\n";
  }

  /** Boot from the local disk: leave iPXE so the firmware goes on to the next boot device. */
  static String local() {
    return "#!ipxe\necho MERCURY BOOT: EXITING\nexit\n";
  }

  /**
   * A problem the operator must see: printed, then the script fails, so the discovery script's
   * {@code || shell} opens a shell on the console.
   */
  static String problem(String message) {
    return "#!ipxe\necho MERCURY BOOT ERROR: " + oneLine(message) + "\nexit 1\n";
  }

  /** The inventory did not answer: say so, wait and ask again. */
  static String retry(String message, String discoverUrl, int seconds) {
    return "#!ipxe\n"
        + "echo MERCURY BOOT: " + oneLine(message) + "; retrying in " + seconds + " s\n"
        + "sleep " + seconds + "\n"
        + "chain " + discoverUrl + " || shell\n";
  }

  /** A message for an echo line: one line, with nothing iPXE would run or expand ({@link IpxeText#printable}). */
  private static String oneLine(String text) {
    return IpxeText.printable(text);
  }
}
