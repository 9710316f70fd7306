package io.mercury.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.client.InventoryClient;
import io.mercury.common.protocol.inventory.BootUpdateReply;
import io.mercury.common.protocol.inventory.DeleteReply;
import io.mercury.common.protocol.inventory.InventoryRequest;
import io.mercury.common.protocol.inventory.QueryPage;
import io.mercury.common.protocol.inventory.SortDirection;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** The typed client against the real inventory: every endpoint's reply reads back as its record. */
class InventoryClientTest {
  private static final String ID_A = "00bb5644ba1c830a3b9ab9dedcd8f516b2075a7cd6";
  private static final String ID_B = "0110a1628669e487f48b3f8de13bebeafe2933c875";

  private TestingInventory server;
  private ZContext ctx;
  private ServiceClient service;
  private InventoryClient inventory;

  @BeforeEach
  void setUp() {
    server = TestingInventory.start();
    ctx = new ZContext();
    service = new ServiceClient(ctx, server.endpoint(), ClientSettings.defaults("inventory"));
    inventory = new InventoryClient(service);
  }

  @AfterEach
  void tearDown() {
    service.close();
    ctx.close();
    server.close();
  }

  @Test
  void everyEndpointAnswersWithItsRecord() throws Exception {
    String idA = inventory.insertOne(Map.of("mercury_id", ID_A, "dmi", Map.of("sys_vendor", "HPE"))).objectId();
    inventory.insertOne(Map.of("mercury_id", ID_B, "dmi", Map.of("sys_vendor", "Dell")));
    assertThat(idA).hasSize(24);
    assertThat(inventory.updateOne(ID_A, Map.of("mem", Map.of("MemTotal", 1L))).objectId()).isEqualTo(idA);

    assertThat(inventory.getOne(ID_A, Map.of("mem", 1)).orElseThrow())
        .containsEntry("_id", idA)
        .containsEntry("mem", Map.of("MemTotal", 1L))
        .doesNotContainKey("dmi");
    assertThat(inventory.getOne("00" + "f".repeat(40), null)).isEmpty();

    QueryPage page =
        inventory.query(new InventoryRequest.Query(Map.of(), null, 1, "_id", SortDirection.DESCENDING, null));
    assertThat(page.total()).isEqualTo(2);
    assertThat(page.limit()).isEqualTo(1);
    assertThat(page.sortDirection()).isEqualTo(SortDirection.DESCENDING);
    assertThat(page.items()).hasSize(1);
    assertThat(inventory.count(Map.of("dmi.sys_vendor", "HPE"))).isEqualTo(1);

    assertThat(inventory.updateBoot(ID_A, Map.of("boot.state", "local"))).isEqualTo(new BootUpdateReply(1, 1));
    assertThat(inventory.updateBootMany(Map.of(), Map.of("boot.state", "rescue"))).isEqualTo(new BootUpdateReply(2, 2));
    assertThat(inventory.delete(ID_B)).isEqualTo(new DeleteReply(1, 0));
    assertThat(inventory.query(InventoryRequest.Query.of(Map.of(), null)).items())
        .extracting(d -> d.get("mercury_id"))
        .isEqualTo(List.of(ID_A));
  }

  @Test
  void aRefusalIsARemoteException() {
    assertThatThrownBy(() -> inventory.count(Map.of("$where", "1")))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("$where");
  }
}
