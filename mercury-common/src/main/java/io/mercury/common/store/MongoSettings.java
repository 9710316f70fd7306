package io.mercury.common.store;

import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import java.util.List;

/**
 * Where a service's MongoDB is, under the original's keys ({@code <prefix>.servers},
 * {@code .replica_name}, {@code .username}, {@code .password}, {@code .name}, {@code .collection}) plus
 * {@code <prefix>.uri}, which wins when set. The database name defaults to {@code mercury} (the
 * original's code default was {@code test}).
 *
 * @param uri a full connection string, or null
 * @param servers host:port of each server
 * @param replicaSet replica set name, or null
 * @param username user, or null
 * @param password password, or null
 * @param database database name
 * @param collection the service's collection
 */
public record MongoSettings(
    String uri,
    List<String> servers,
    String replicaSet,
    String username,
    String password,
    String database,
    String collection) {

  /** The options of one service's database, e.g. prefix {@code inventory.database}. */
  public static List<Option<?>> options(String prefix, String defaultCollection) {
    return List.of(
        Option.string(prefix + ".uri")
            .secret()
            .doc("MongoDB connection string; when set it wins over servers/replica_name/credentials."),
        Option.list(prefix + ".servers")
            .defaultValue(List.of("localhost:27017"))
            .doc("MongoDB servers as host:port, comma-separated."),
        Option.string(prefix + ".replica_name").doc("Replica set name."),
        Option.string(prefix + ".username").doc("MongoDB user."),
        Option.string(prefix + ".password").secret().doc("MongoDB password."),
        Option.string(prefix + ".name").defaultValue("mercury").doc("Database name."),
        Option.string(prefix + ".collection").defaultValue(defaultCollection).doc("Collection name."));
  }

  public static MongoSettings from(Configuration cfg, String prefix) {
    return from(cfg, prefix, prefix + ".collection");
  }

  /** As {@link #from(Configuration, String)}, the collection named by another option. */
  public static MongoSettings from(Configuration cfg, String prefix, String collectionOption) {
    return new MongoSettings(
        cfg.optionalString(prefix + ".uri").orElse(null),
        cfg.list(prefix + ".servers"),
        cfg.optionalString(prefix + ".replica_name").orElse(null),
        cfg.optionalString(prefix + ".username").orElse(null),
        cfg.optionalString(prefix + ".password").orElse(null),
        cfg.string(prefix + ".name"),
        cfg.string(collectionOption));
  }
}
