package io.mercury.common.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend, committing the store after each command, before its reply is written: an
 * acknowledged write is in the file (the operating system's page cache) when the client hears of it, so
 * it survives a crash of the store process. Without this, MVStore's background commit loses the writes
 * of its last interval on {@code kill -9}. A commit with nothing to write returns at once, so reads cost
 * nothing extra.
 */
final class CommittingH2Backend extends H2Backend {
  CommittingH2Backend(MVStore store) {
    super(store);
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      commit();
    }
  }
}
