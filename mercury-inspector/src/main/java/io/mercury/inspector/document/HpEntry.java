package io.mercury.inspector.document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * One block of hpasmcli's output (the server, a DIMM, a power supply): its {@code Key : value} lines
 * with lower_snake keys, in order, plus {@code name} for a numbered block ("Power supply #2").
 */
public record HpEntry(SequencedMap<String, String> fields) {
  public HpEntry {
    fields = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(fields));
  }

  /** The value of a field, or null. */
  public String field(String key) {
    return fields.get(key);
  }
}
