package io.mercury.inventory;

import static io.mercury.common.security.Callers.as;
import static io.mercury.common.security.Callers.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Callers;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditQuery;
import io.mercury.common.store.audit.AuditRecord;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.inventory.endpoint.InventoryEndpoints;
import io.mercury.inventory.store.DeviceStore;
import io.mercury.inventory.store.InsertBatcher;
import io.mercury.inventory.testing.TestingInventory;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call each inventory endpoint, and that changes are audited. */
class InventoryAccessTest {
  private static final String ID = "00bb5644ba1c830a3b9ab9dedcd8f516b2075a7cd6";
  private static final Map<String, Access> DECLARED =
      Map.of(
          "insert_one", Access.OPERATE.actingForAgents("backend"),
          "update_one", Access.OPERATE.actingForAgents("backend"),
          "delete", Access.OPERATE,
          "update_boot", Access.OPERATE.forDaemons("api"),
          "update_boot_many", Access.OPERATE.forDaemons("api"),
          "get_one", Access.READ.forDaemons("backend", "boot", "api"),
          "query", Access.READ.forDaemons("rpc", "backend", "boot", "api"),
          "count", Access.READ.forDaemons("api"));

  private TestingInventory inventory;
  private Dispatcher dispatcher;
  private AuditTrail audit;
  private DeviceStore store;
  private InsertBatcher inserts;

  @BeforeEach
  void start() {
    inventory = TestingInventory.start();
    audit = inventory.audit(InventoryService.NAME);
    store = new DeviceStore(inventory.devices(), InstantSource.system());
    inserts = new InsertBatcher(store);
    dispatcher = new Dispatcher(InventoryService.NAME, InventoryEndpoints.registry(store, inserts), audit);
  }

  @AfterEach
  void stop() {
    inserts.close();
    inventory.close();
  }

  /** Each mutating endpoint with arguments that work on a store holding device {@link #ID}. */
  private static List<Object[]> mutations() {
    return List.of(
        new Object[] {"insert_one", List.of(Map.of("mercury_id", "01aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))},
        new Object[] {"update_one", List.of(ID, Map.of("rack", "r2"))},
        new Object[] {"update_boot", List.of(ID, Map.of("boot.state", "local"))},
        new Object[] {"update_boot_many", List.of(Map.of("mercury_id", ID), Map.of("boot.state", "rescue"))},
        new Object[] {"delete", List.of(ID)});
  }

  @Test
  void everyEndpointDeclaresTheExpectedAccess() {
    assertThat(Callers.accessOf(InventoryEndpoints.registry(store, inserts)))
        .isEqualTo(DECLARED);
  }

  @Test
  void aReadOnlyCallerIsRefusedEveryChangeAndNothingChanges() {
    inventory.insert(Map.of("mercury_id", ID, "rack", "r1"));
    for (Object[] m : mutations()) {
      @SuppressWarnings("unchecked")
      Reply reply = call(dispatcher, as(Role.READ_ONLY), (String) m[0], (List<Object>) m[1], Map.of());
      assertThat(reply).as((String) m[0]).isInstanceOf(Reply.Failure.class);
      assertThat(((Reply.Failure) reply).message())
          .isEqualTo("Permission denied: " + m[0] + " needs role operator; read-only-user has read-only");
    }
    assertThat(inventory.devices().countDocuments()).isEqualTo(1);
    assertThat(inventory.devices().find().first()).containsEntry("rack", "r1").doesNotContainKey("boot");
    assertThat(audit.find(new AuditQuery(null, null, InventoryService.NAME, AuditRecord.Outcome.DENIED, null, null, 100)))
        .extracting(AuditRecord::action)
        .containsExactlyInAnyOrder("insert_one", "update_one", "update_boot", "update_boot_many", "delete");
    assertThat(call(dispatcher, as(Role.READ_ONLY), "count", List.of(Map.of()), Map.of())).isEqualTo(new Reply.Ok(1L));
  }

  @Test
  void anOperatorMakesEveryChangeAndEachIsAudited() {
    inventory.insert(Map.of("mercury_id", ID, "rack", "r1"));
    for (Object[] m : mutations()) {
      @SuppressWarnings("unchecked")
      Reply reply = call(dispatcher, as(Role.OPERATOR), (String) m[0], (List<Object>) m[1], Map.of());
      assertThat(reply).as((String) m[0]).isInstanceOf(Reply.Ok.class);
    }
    assertThat(inventory.devices().countDocuments()).as("one inserted, one deleted").isEqualTo(1);
    List<AuditRecord> records = audit.find(new AuditQuery("operator-user", null, null, null, null, null, 100));
    assertThat(records).hasSize(5).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.OK));
    assertThat(records).filteredOn(r -> r.action().equals("delete")).singleElement()
        .satisfies(r -> assertThat(r.targets()).containsEntry("mercury_id", ID).containsEntry("result", Map.of("deleted_count", 1L)));
  }

  @Test
  void anAgentMayNotReadTheInventoryDirectly() {
    Reply reply = call(dispatcher, as(Role.AGENT), "query", List.of(Map.of()), Map.of());
    assertThat(((Reply.Failure) reply).message()).isEqualTo("Permission denied: query needs role read-only; agent-user has agent");
  }
}
