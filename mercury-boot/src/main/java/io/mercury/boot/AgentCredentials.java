package io.mercury.boot;

import io.mercury.common.security.CurveKeyPair;
import java.util.Objects;

/**
 * What the agent gets on its kernel command line to reach the backend securely: {@code
 * MERCURY_BACKEND_KEY=<hex>} (the backend's CURVE public key, as 64 hex digits: its Z85 form may hold
 * <code>${</code>, which iPXE would expand, and other characters a command line splits on) when known, and
 * with automatic enrolment a freshly minted one-use {@code MERCURY_ENROL_TOKEN=<token>} for each agent
 * boot.
 *
 * <p>Automatic enrolment accepts the key of whatever boots from this service: anyone who can fetch a
 * boot script can enrol a key. It is meant for a provisioning network only, hence off by default.
 */
public final class AgentCredentials {
  private static final AgentCredentials NONE = new AgentCredentials("", null);

  private final String backendKey;
  private final EnrolmentTokenSource tokens;

  /**
   * @param backendKey the backend's Z85 public key, or empty to leave it out
   * @param tokens where tokens come from, or {@code null} for no automatic enrolment
   * @throws IllegalArgumentException when the key is not a Z85 CURVE public key
   */
  public AgentCredentials(String backendKey, EnrolmentTokenSource tokens) {
    String key = Objects.requireNonNullElse(backendKey, "").strip();
    if (!key.isEmpty() && !CurveKeyPair.isZ85Key(key)) {
      throw new IllegalArgumentException("the backend key is not a 40-character Z85 CURVE public key");
    }
    this.backendKey = key.isEmpty() ? "" : CurveKeyPair.toHex(key);
    this.tokens = tokens;
  }

  /** Nothing added: CURVE off, or the agent is configured otherwise. */
  public static AgentCredentials none() {
    return NONE;
  }

  /**
   * The kernel arguments for the agent booting with network card {@code mac} (empty, or starting with a
   * space); mints a token for that MAC if enabled.
   */
  public String kernelArguments(String mac) {
    StringBuilder args = new StringBuilder();
    if (!backendKey.isEmpty()) {
      args.append(" MERCURY_BACKEND_KEY=").append(backendKey);
    }
    if (tokens != null) {
      tokens.mint(mac).ifPresent(token -> args.append(" MERCURY_ENROL_TOKEN=").append(token));
    }
    return args.toString();
  }
}
