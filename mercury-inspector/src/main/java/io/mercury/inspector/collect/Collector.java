package io.mercury.inspector.collect;

import io.mercury.inspector.document.Section;

/**
 * Produces one top-level key of the device document ({@code dmi}, {@code mem}, ...). A collector may
 * throw; the inspector then records {@code null} for its key and logs why, and the other collectors
 * still run.
 */
public interface Collector<T extends Section> {
  /** The document key this collector fills. */
  String key();

  /** The value for the key, as a record ({@link io.mercury.inspector.document.DeviceDocumentCodec} writes it). */
  T collect(Sources sources) throws Exception;
}
