package io.mercury.agent;

import io.mercury.common.config.Configuration;
import io.mercury.common.security.SecuritySettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent enrols its CURVE key before registering (only when CURVE is on).
 *
 * @param url the backend's enrolment ROUTER, e.g. {@code tcp://backend:9008}
 * @param token an enrolment token that accepts the key at once, or {@code null} to wait for an operator
 * @param initialBackoff the wait after the first attempt that was not accepted
 * @param maxBackoff the longest wait between attempts
 */
public record EnrolmentConfig(String url, String token, Duration initialBackoff, Duration maxBackoff) {
  public static final String URL = "agent.remote.enrolment_url";
  public static final String TOKEN = "agent.enrolment_token";
  public static final int DEFAULT_PORT = 9008;

  public EnrolmentConfig {
    Objects.requireNonNull(url, "url is null");
    Objects.requireNonNull(initialBackoff, "initialBackoff is null");
    Objects.requireNonNull(maxBackoff, "maxBackoff is null");
    if (initialBackoff.isNegative() || initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException(
          "initialBackoff must be between 0 and maxBackoff (" + maxBackoff + "), was " + initialBackoff);
    }
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  /** Back-off 1 s doubling up to 30 s, as registration. */
  public static EnrolmentConfig of(String url, String token) {
    return new EnrolmentConfig(url, token, Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  /**
   * The enrolment settings of a configuration whose {@code security.curve} is on, else {@code null}:
   * with CURVE off there is no key to enrol. The URL defaults to the backend's host on port {@value
   * #DEFAULT_PORT}.
   */
  public static EnrolmentConfig from(Configuration cfg) {
    if (!SecuritySettings.from(cfg).curve()) {
      return null;
    }
    String url = cfg.optionalString(URL).orElseGet(() -> defaultUrl(cfg.string("agent.remote.backend_url")));
    return of(url, cfg.optionalString(TOKEN).orElse(null));
  }

  /** {@code tcp://host:9002} → {@code tcp://host:9008}. */
  static String defaultUrl(String backendUrl) {
    int colon = backendUrl.lastIndexOf(':');
    int scheme = backendUrl.indexOf("://");
    String base = colon > scheme + 2 && !backendUrl.endsWith("]") ? backendUrl.substring(0, colon) : backendUrl;
    return base + ":" + DEFAULT_PORT;
  }
}
