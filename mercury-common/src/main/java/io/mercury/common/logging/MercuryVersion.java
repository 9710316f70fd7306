package io.mercury.common.logging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, stamped into {@code mercury-version.properties} at build time. */
public final class MercuryVersion {
  private static final String VERSION = read();

  private MercuryVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = MercuryVersion.class.getResourceAsStream("/mercury-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
