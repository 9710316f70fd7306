package io.mercury.rpc.keys;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.store.keys.KeyStore;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The limits on tokens the boot service mints for booting agents ({@code boot.enrolment.auto}): anyone
 * who can fetch an agent boot script gets one, so each is for one MAC, a MAC whose device already has
 * an accepted key gets none, a MAC's new token replaces its old one, and at most {@code perMinute} are
 * minted in any minute (a token bucket), whoever asks.
 */
public final class AutoEnrolment {
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

  /** Finds the mercury_ids of the devices that have a network card with this MAC. */
  @FunctionalInterface
  public interface MacOwners {
    List<String> devicesWith(String mac);
  }

  private final KeyStore keys;
  private final MacOwners owners;
  private final double perMinute;
  private final LongSupplier nanos;
  private double available;
  private long last;

  public AutoEnrolment(KeyStore keys, MacOwners owners, int perMinute, LongSupplier nanos) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, got " + perMinute);
    }
    this.keys = keys;
    this.owners = owners;
    this.perMinute = perMinute;
    this.nanos = nanos;
    this.available = perMinute;
    this.last = nanos.getAsLong();
  }

  /**
   * Checks that a token may be minted for {@code mac} now and takes one from the rate budget.
   *
   * @return the MAC, normalised (lower case)
   * @throws EndpointException saying why not
   */
  public String admit(String mac) {
    String normal = mac == null ? "" : mac.trim().toLowerCase(Locale.ROOT).replace('-', ':');
    if (!MAC.matcher(normal).matches()) {
      throw new EndpointException("create_enrolment_token: mac must be a MAC address such as 52:54:00:12:34:56, got '" + mac + "'");
    }
    for (String id : owners.devicesWith(normal)) {
      List<KeyEntry> bound = keys.boundTo(id);
      if (!bound.isEmpty()) {
        throw new EndpointException(
            "create_enrolment_token: device " + id + " (MAC " + normal + ") already has accepted key "
                + bound.getFirst().shortFingerprint() + "; it needs no token");
      }
    }
    takeOne();
    return normal;
  }

  private synchronized void takeOne() {
    long now = nanos.getAsLong();
    available = Math.min(perMinute, available + (now - last) * perMinute / 60e9);
    last = now;
    if (available < 1) {
      throw new EndpointException(
          "create_enrolment_token: more than " + (long) perMinute + " tokens a minute for booting agents"
              + " (backend.enrolment.auto_tokens_per_minute); the agent boots without one");
    }
    available -= 1;
  }
}
