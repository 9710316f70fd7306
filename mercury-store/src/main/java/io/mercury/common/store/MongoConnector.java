package io.mercury.common.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** Opens MongoDB clients from {@link MongoSettings} and checks that the server answers. */
public final class MongoConnector {
  private MongoConnector() {}

  /** A client with short selection and connect timeouts, so a missing store is reported quickly. */
  public static MongoClient connect(MongoSettings s) {
    MongoClientSettings.Builder b = MongoClientSettings.builder();
    if (s.uri() != null) {
      b.applyConnectionString(new ConnectionString(s.uri()));
    } else {
      List<ServerAddress> hosts = s.servers().stream().map(MongoConnector::address).toList();
      b.applyToClusterSettings(
          c -> {
            c.hosts(hosts);
            if (s.replicaSet() != null) {
              c.requiredReplicaSetName(s.replicaSet());
            }
          });
      if (s.username() != null) {
        b.credential(
            MongoCredential.createCredential(
                s.username(), "admin", s.password() == null ? new char[0] : s.password().toCharArray()));
      }
    }
    b.applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS));
    b.applyToSocketSettings(c -> c.connectTimeout(5, TimeUnit.SECONDS));
    return MongoClients.create(b.build());
  }

  /**
   * Pings the database.
   *
   * @throws IllegalStateException with a message naming where the store was expected
   */
  public static void ping(MongoClient client, MongoSettings s) {
    try {
      client.getDatabase(s.database()).runCommand(new Document("ping", 1));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot reach MongoDB at " + describe(s) + ": " + e.getMessage(), e);
    }
  }

  /** Where the store is, without credentials. */
  public static String describe(MongoSettings s) {
    if (s.uri() != null) {
      return new ConnectionString(s.uri()).getHosts().toString();
    }
    return s.servers().toString();
  }

  private static ServerAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return new ServerAddress(hostPort);
    }
    try {
      return new ServerAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("MongoDB server '" + hostPort + "' is not host:port", e);
    }
  }
}
