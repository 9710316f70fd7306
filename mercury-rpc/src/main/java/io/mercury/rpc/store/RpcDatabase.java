package io.mercury.rpc.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.store.MongoConnector;
import io.mercury.common.store.MongoSettings;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs-and-tasks database as both RPC daemons configure it: the common MongoDB options under
 * {@code <prefix>} (without the single {@code collection}) plus the original's {@code jobs_collection}
 * and {@code tasks_collection}.
 */
public final class RpcDatabase {
  private RpcDatabase() {}

  public static List<Option<?>> options(String prefix) {
    List<Option<?>> options = new ArrayList<>();
    for (Option<?> o : MongoSettings.options(prefix, "rpc_jobs")) {
      if (!o.name().equals(prefix + ".collection")) {
        options.add(o);
      }
    }
    options.add(Option.string(prefix + ".jobs_collection").defaultValue("rpc_jobs").doc("Collection of jobs."));
    options.add(Option.string(prefix + ".tasks_collection").defaultValue("rpc_tasks").doc("Collection of tasks."));
    return options;
  }

  /** Connects (checking the server answers) and returns the client; close it on shutdown. */
  public static MongoClient connect(Configuration cfg, String prefix) {
    MongoSettings mongo = MongoSettings.from(cfg, prefix, prefix + ".jobs_collection");
    MongoClient client = MongoConnector.connect(mongo);
    MongoConnector.ping(client, mongo);
    return client;
  }

  public static RpcStore store(MongoClient client, Configuration cfg, String prefix, InstantSource clock) {
    MongoDatabase db = client.getDatabase(cfg.string(prefix + ".name"));
    return new RpcStore(
        db.getCollection(cfg.string(prefix + ".jobs_collection")),
        db.getCollection(cfg.string(prefix + ".tasks_collection")),
        clock);
  }
}
