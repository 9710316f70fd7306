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

  /**
   * The database settings read from the options under {@code prefix}.
   *
   * @param mongo where the database is (its collection is the jobs collection)
   * @param jobsCollection the collection of jobs
   * @param tasksCollection the collection of tasks
   */
  public record Settings(MongoSettings mongo, String jobsCollection, String tasksCollection) {
    public static Settings from(Configuration cfg, String prefix) {
      return new Settings(
          MongoSettings.from(cfg, prefix, prefix + ".jobs_collection"),
          cfg.string(prefix + ".jobs_collection"),
          cfg.string(prefix + ".tasks_collection"));
    }
  }

  /** Connects (checking the server answers) and returns the client; close it on shutdown. */
  public static MongoClient connect(Settings settings) {
    MongoClient client = MongoConnector.connect(settings.mongo());
    MongoConnector.ping(client, settings.mongo());
    return client;
  }

  public static RpcStore store(MongoClient client, Settings settings, InstantSource clock) {
    MongoDatabase db = client.getDatabase(settings.mongo().database());
    return new RpcStore(
        db.getCollection(settings.jobsCollection()), db.getCollection(settings.tasksCollection()), clock);
  }
}
