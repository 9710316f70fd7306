package io.mercury.common.transport;

import io.mercury.common.security.CurveServer;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link RouterServer} listens and how much work it accepts.
 *
 * @param name service name, used for thread names and logs
 * @param bindAddress ZeroMQ address such as {@code tcp://*:9000}; port {@code 0} binds an ephemeral port
 * @param workers threads that run endpoint code
 * @param queueCapacity requests waiting for a worker before new ones are refused with a "busy" error
 * @param maxMessageBytes largest accepted request payload; larger ones get an error reply
 * @param curve CURVE server settings, or {@code null} for plaintext (security.curve=off)
 */
public record ServerSettings(
    String name, String bindAddress, int workers, int queueCapacity, int maxMessageBytes, CurveServer curve) {

  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  public ServerSettings {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(bindAddress, "bindAddress is null");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
    }
  }

  /** Plaintext settings. */
  public ServerSettings(String name, String bindAddress, int workers, int queueCapacity, int maxMessageBytes) {
    this(name, bindAddress, workers, queueCapacity, maxMessageBytes, null);
  }

  public static ServerSettings of(String name, String bindAddress) {
    return new ServerSettings(name, bindAddress, 8, 1024, DEFAULT_MAX_MESSAGE_BYTES);
  }

  public ServerSettings withWorkers(int workers) {
    return new ServerSettings(name, bindAddress, workers, queueCapacity, maxMessageBytes, curve);
  }

  public ServerSettings withQueueCapacity(int queueCapacity) {
    return new ServerSettings(name, bindAddress, workers, queueCapacity, maxMessageBytes, curve);
  }

  public ServerSettings withMaxMessageBytes(int maxMessageBytes) {
    return new ServerSettings(name, bindAddress, workers, queueCapacity, maxMessageBytes, curve);
  }

  /** These settings as a CURVE server; {@code null} for plaintext. */
  public ServerSettings withCurve(CurveServer curve) {
    return new ServerSettings(name, bindAddress, workers, queueCapacity, maxMessageBytes, curve);
  }

  /** These settings as a CURVE server when {@code curve} is present, plaintext when empty. */
  public ServerSettings withCurve(Optional<CurveServer> curve) {
    return withCurve(curve.orElse(null));
  }

  /**
   * The hard ceiling set on the socket itself. A message between {@link #maxMessageBytes} and this
   * ceiling gets an error reply; a larger one is dropped by ZeroMQ, which also disconnects the peer, so
   * that a hostile sender cannot make the server buffer arbitrary amounts of memory.
   */
  long socketCeilingBytes() {
    return Math.max(2L * maxMessageBytes, maxMessageBytes + 1024L * 1024);
  }
}
