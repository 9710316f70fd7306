package io.mercury.common.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ServiceClient} waits and retries.
 *
 * @param serviceName name used in error messages ("no reply from inventory at ...")
 * @param timeout how long one attempt waits for its reply
 * @param retries further attempts after a timeout; only idempotent requests are resent
 * @param maxMessageBytes largest request the client will send
 */
public record ClientSettings(String serviceName, Duration timeout, int retries, int maxMessageBytes) {
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

  public static ClientSettings defaults(String serviceName) {
    return new ClientSettings(
        serviceName, Duration.ofSeconds(5), 2, ServerSettings.DEFAULT_MAX_MESSAGE_BYTES);
  }

  public ClientSettings withTimeout(Duration timeout) {
    return new ClientSettings(serviceName, timeout, retries, maxMessageBytes);
  }

  public ClientSettings withRetries(int retries) {
    return new ClientSettings(serviceName, timeout, retries, maxMessageBytes);
  }

  public ClientSettings withMaxMessageBytes(int maxMessageBytes) {
    return new ClientSettings(serviceName, timeout, retries, maxMessageBytes);
  }
}
