package io.mercury.cli.stack;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mercury.common.client.BackendClient;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.zeromq.ZContext;

/** Does a service answer? One quick request each, never a long wait. */
final class Probes {
  private Probes() {}

  static boolean storeAnswers(String uri) {
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS))
            .build();
    try (MongoClient client = MongoClients.create(settings)) {
      client.getDatabase("admin").runCommand(new Document("ping", 1));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether a Mercury ROUTER service (inventory, rpc, backend, agent) confirms a keep-alive: two tries of
   * 1.5 s, since a fresh JVM's first CURVE handshake on two busy cores can take longer than a second
   * (status called running daemons "not answering").
   */
  static boolean routerAnswers(ZContext context, String address, CurveClient curve) {
    ClientSettings settings =
        ClientSettings.defaults(address).withTimeout(Duration.ofMillis(1500)).withRetries(1).withCurve(curve);
    try (ServiceClient client = new ServiceClient(context, address, settings)) {
      return KeepAlive.CONFIRMATION.equals(client.exchange(KeepAlive.REQUEST, true));
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether an HTTP service (boot, api) answers {@code url} with any status. */
  static boolean httpAnswers(String url) {
    try {
      java.net.http.HttpClient client =
          java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      java.net.http.HttpRequest request =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(2)).build();
      client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** How many agents the backend at {@code address} has registered, or -1 when it does not answer. */
  static long registeredAgents(ZContext context, String address, CurveClient curve) {
    ClientSettings settings =
        ClientSettings.defaults("backend").withTimeout(Duration.ofSeconds(1)).withRetries(0).withCurve(curve);
    try (ServiceClient client = new ServiceClient(context, address, settings)) {
      return new BackendClient(client).backendStatus().agents();
    } catch (Exception e) {
      return -1;
    }
  }
}
