package io.mercury.common.store;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.Optional;

/**
 * Tells a store that is away (down, restarting, unreachable, no primary) from a store that answered
 * with a refusal. Only the first is worth retrying the same request for.
 */
public final class StoreOutage {
  private StoreOutage() {}

  /** The outage among {@code e} and its causes, if the failure is one. */
  public static Optional<MongoException> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MongoSocketException
          || t instanceof MongoTimeoutException
          || t instanceof MongoServerUnavailableException
          || t instanceof MongoConnectionPoolClearedException
          || t instanceof MongoNotPrimaryException
          || t instanceof MongoNodeIsRecoveringException) {
        return Optional.of((MongoException) t);
      }
    }
    return Optional.empty();
  }
}
