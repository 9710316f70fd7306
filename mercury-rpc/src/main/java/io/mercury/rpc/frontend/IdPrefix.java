package io.mercury.rpc.frontend;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.rpc.store.RpcStore;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code find_ids(kind, prefix)}: the ids of jobs or tasks that start with an operator's shortened id,
 * at most {@link #LIMIT}, so a client can tell "no such job" from "ambiguous, give more characters" from
 * the one it meant. Ids are UUIDs; a prefix is hex digits and dashes, at least {@link #MIN_LENGTH} long
 * (shorter ones match too much to be meant).
 */
final class IdPrefix {
  static final int LIMIT = 5;
  static final int MIN_LENGTH = 4;
  private static final Pattern PREFIX = Pattern.compile("[0-9a-fA-F-]+");

  private final RpcStore store;

  IdPrefix(RpcStore store) {
    this.store = store;
  }

  List<String> find(String kind, String prefix) {
    boolean tasks =
        switch (kind) {
          case "job" -> false;
          case "task" -> true;
          default -> throw new EndpointException("kind must be job or task, was " + kind);
        };
    if (prefix.length() < MIN_LENGTH || !PREFIX.matcher(prefix).matches()) {
      throw new EndpointException(
          "an id prefix is at least " + MIN_LENGTH + " hex digits (and dashes), was '" + prefix + "'");
    }
    return store.idsStartingWith(tasks, prefix.toLowerCase(java.util.Locale.ROOT), LIMIT);
  }
}
