package io.mercury.inspector.collect;

/** A collector cannot produce its key, for a reason an operator can act on (e.g. "no /proc/meminfo"). */
public final class CollectorException extends Exception {
  public CollectorException(String message) {
    super(message);
  }
}
