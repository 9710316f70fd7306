package io.mercury.inspector.collect;

/**
 * Produces one top-level key of the device document ({@code dmi}, {@code mem}, ...). A collector may
 * throw; the inspector then records {@code null} for its key and logs why, and the other collectors
 * still run.
 */
public interface Collector {
  /** The document key this collector fills. */
  String key();

  /** The value for the key: maps, lists, strings, numbers, booleans or null. */
  Object collect(Sources sources) throws Exception;
}
