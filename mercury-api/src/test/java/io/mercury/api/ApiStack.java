package io.mercury.api;

import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.time.Duration;
import org.bson.Document;

/** What the API serves, for one test class: a real inventory, rpc and one registered agent. */
final class ApiStack implements AutoCloseable {
  final TestingInventory inventory;
  final TestingRpc rpc;
  final TestingAgent agent;
  private final TestClients clients = new TestClients();

  ApiStack() throws java.io.IOException {
    inventory = TestingInventory.start();
    rpc = TestingRpc.start(inventory.endpoint());
    agent = TestingAgent.start(rpc.backendEndpoint());
  }

  /** An API with these settings on this stack; the caller closes it. */
  ApiService api(ApiService.Settings settings) {
    return ApiService.start(
            settings,
            clients.backend("inventory", inventory.endpoint()),
            clients.backend("rpc", rpc.frontendEndpoint()),
            inventory.audit(ApiService.NAME));
  }

  /** Waits until the agent's device is active. */
  void awaitAgentActive() {
    await().atMost(Duration.ofSeconds(30)).until(() -> inventory.devices().countDocuments(new Document("active", new Document("$ne", null))) == 1);
  }

  @Override
  public void close() throws Exception {
    agent.close();
    rpc.close();
    inventory.close();
    clients.close();
  }
}
