package io.mercury.common.transport;

import io.mercury.common.security.CurveClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link ServiceClient} waits and retries.
 *
 * @param serviceName name used in error messages ("no reply from inventory at ...")
 * @param timeout how long one attempt waits for its reply
 * @param retries further attempts after a timeout; only idempotent requests are resent
 * @param maxMessageBytes largest request the client will send
 * @param curve CURVE client settings, or {@code null} for plaintext (security.curve=off)
 * @param failFastWhenRefused see {@link #withFailFastWhenRefused()}
 */
public record ClientSettings(
    String serviceName,
    Duration timeout,
    int retries,
    int maxMessageBytes,
    CurveClient curve,
    boolean failFastWhenRefused) {
  public ClientSettings {
    Objects.requireNonNull(serviceName, "serviceName is null");
    Objects.requireNonNull(timeout, "timeout is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative, was " + retries);
    }
  }

  /** Plaintext settings. */
  public ClientSettings(String serviceName, Duration timeout, int retries, int maxMessageBytes) {
    this(serviceName, timeout, retries, maxMessageBytes, null, false);
  }

  public ClientSettings(String serviceName, Duration timeout, int retries, int maxMessageBytes, CurveClient curve) {
    this(serviceName, timeout, retries, maxMessageBytes, curve, false);
  }

  public static ClientSettings defaults(String serviceName) {
    return new ClientSettings(
        serviceName, Duration.ofSeconds(5), 2, ServerSettings.DEFAULT_MAX_MESSAGE_BYTES);
  }

  public ClientSettings withTimeout(Duration timeout) {
    return new ClientSettings(serviceName, timeout, retries, maxMessageBytes, curve, failFastWhenRefused);
  }

  public ClientSettings withRetries(int retries) {
    return new ClientSettings(serviceName, timeout, retries, maxMessageBytes, curve, failFastWhenRefused);
  }

  public ClientSettings withMaxMessageBytes(int maxMessageBytes) {
    return new ClientSettings(serviceName, timeout, retries, maxMessageBytes, curve, failFastWhenRefused);
  }

  /** These settings as a CURVE client; {@code null} for plaintext. */
  public ClientSettings withCurve(CurveClient curve) {
    return new ClientSettings(serviceName, timeout, retries, maxMessageBytes, curve, failFastWhenRefused);
  }

  /**
   * Whether a request that cannot be sent because every connection attempt is refused fails after a
   * second instead of the whole timeout: for a person at a terminal (mcli). Daemons keep waiting, since a
   * service they need may be restarting.
   */
  public ClientSettings withFailFastWhenRefused() {
    return new ClientSettings(serviceName, timeout, retries, maxMessageBytes, curve, true);
  }

  public ClientSettings withCurve(Optional<CurveClient> curve) {
    return withCurve(curve.orElse(null));
  }
}
