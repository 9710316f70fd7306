package io.mercury.common.protocol.keys;

import java.util.List;
import java.util.Objects;

/**
 * The reply of {@code set_key_status}: {@code {"changed": [...], "unchanged": [...], "errors": [{"key",
 * "error"}]}}.
 */
public record KeyStatusReply(List<KeyListing> changed, List<KeyListing> unchanged, List<KeyError> errors) {
  public KeyStatusReply {
    changed = List.copyOf(changed);
    unchanged = List.copyOf(unchanged);
    errors = List.copyOf(errors);
  }

  /** A reference the backend could not change, and why. */
  public record KeyError(String key, String error) {
    public KeyError {
      Objects.requireNonNull(key, "key is null");
      Objects.requireNonNull(error, "error is null");
    }
  }
}
