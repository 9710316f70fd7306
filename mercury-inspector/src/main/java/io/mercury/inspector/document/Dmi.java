package io.mercury.inspector.document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/** {@code dmi}: each file of /sys/class/dmi/id by name, in directory order ("" when unreadable). */
public record Dmi(SequencedMap<String, String> files) implements Section {
  public Dmi {
    files = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(files));
  }
}
