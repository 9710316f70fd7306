package io.mercury.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** Every inventory endpoint over a real ROUTER socket and a real wire MongoDB. */
class InventoryEndpointsTest {
  private static final String ID_A = "00bb5644ba1c830a3b9ab9dedcd8f516b2075a7cd6";
  private static final String ID_B = "0110a1628669e487f48b3f8de13bebeafe2933c875";

  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000));
  private TestingInventory inventory;
  private ZContext ctx;
  private ServiceClient client;

  @BeforeEach
  void setUp() {
    inventory = TestingInventory.start(clock);
    ctx = new ZContext();
    client = new ServiceClient(ctx, inventory.endpoint(), ClientSettings.defaults("inventory"));
  }

  @AfterEach
  void tearDown() {
    client.close();
    ctx.close();
    inventory.close();
  }

  private Object call(String endpoint, List<Object> args, Map<String, Object> kwargs)
      throws Exception {
    return client.invoke(new Request(endpoint, args, kwargs), true);
  }

  private Object call(String endpoint, Object... args) throws Exception {
    return call(endpoint, java.util.Arrays.asList(args), Map.of());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> getOne(String id) throws Exception {
    return (Map<String, Object>) call("get_one", id);
  }

  private static Map<String, Object> device(String id, String vendor, long memTotal, String... macs) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("mercury_id", id);
    doc.put("dmi", Map.of("sys_vendor", vendor, "product_name", "ProLiant DL360 Gen10"));
    doc.put("mem", Map.of("MemTotal", memTotal));
    List<Object> interfaces = new ArrayList<>();
    for (int i = 0; i < macs.length; i++) {
      interfaces.add(Map.of("devname", "eth" + i, "address", macs[i], "carrier", true));
    }
    doc.put("interfaces", interfaces);
    return doc;
  }

  @Test
  void insertOneStoresANewDeviceWithTimestamps() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> reply =
        (Map<String, Object>) call("insert_one", device(ID_A, "HP", 64_000_000_000L, "aa:bb:cc:dd:ee:01"));
    assertThat((String) reply.get("object_id")).matches("[0-9a-f]{24}");

    Map<String, Object> stored = getOne(ID_A);
    assertThat(stored.get("_id")).isEqualTo(reply.get("object_id"));
    assertThat(stored.get("time_created")).isEqualTo(1_700_000_000.0);
    assertThat(stored.get("time_updated")).isEqualTo(1_700_000_000.0);
    assertThat(stored).containsEntry("mem", Map.of("MemTotal", 64_000_000_000L));
  }

  @Test
  void insertOneOfAKnownDeviceMergesAndKeepsItsIdAndCreationTime() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> first =
        (Map<String, Object>)
            call("insert_one", device(ID_A, "HP", 1L, "aa:bb:cc:dd:ee:01", "aa:bb:cc:dd:ee:02"));
    call("update_one", List.of(ID_A), Map.of("update_data", Map.of("lldp", lldp(1, "sw-1", 17L))));
    clock.advance(Duration.ofSeconds(30));

    @SuppressWarnings("unchecked")
    Map<String, Object> second =
        (Map<String, Object>)
            call("insert_one", device(ID_A, "HPE", 2L, "aa:bb:cc:dd:ee:01", "aa:bb:cc:dd:ee:02"));

    assertThat(second.get("object_id")).isEqualTo(first.get("object_id"));
    Map<String, Object> stored = getOne(ID_A);
    assertThat(stored.get("time_created")).isEqualTo(1_700_000_000.0);
    assertThat(stored.get("time_updated")).isEqualTo(1_700_000_030.0);
    assertThat(stored).containsEntry("mem", Map.of("MemTotal", 2L));
    assertThat(interfaceAt(stored, 1)).containsEntry("lldp", Map.of("switch_name", "sw-1", "port_number", 17L));
    assertThat(inventory.devices().countDocuments()).isEqualTo(1);
  }

  @Test
  void insertOneWithoutAMercuryIdIsRefused() {
    assertThatThrownBy(() -> call("insert_one", Map.of("dmi", Map.of())))
        .isInstanceOf(RemoteException.class)
        .hasMessage("mercury_id is missing from the device document");
  }

  @Test
  void concurrentInsertsOfOneDeviceLeaveOneDocument() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Object>> replies = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      long mem = i;
      replies.add(pool.submit(() -> call("insert_one", device(ID_A, "HP", mem, "aa:bb:cc:dd:ee:01"))));
    }
    Set<Object> ids = new HashSet<>();
    for (Future<Object> f : replies) {
      ids.add(((Map<?, ?>) f.get(30, TimeUnit.SECONDS)).get("object_id"));
    }
    pool.shutdown();
    assertThat(ids).hasSize(1);
    assertThat(inventory.devices().countDocuments()).isEqualTo(1);
  }

  @Test
  void updateOneReplacesTopLevelKeysWholesale() throws Exception {
    call("insert_one", device(ID_A, "HP", 1L, "aa:bb:cc:dd:ee:01"));
    call(
        "update_one",
        List.of(ID_A),
        Map.of("update_data", Map.of("dmi", Map.of("sys_vendor", "Dell Inc."), "raid", List.of())));
    Map<String, Object> stored = getOne(ID_A);
    assertThat(stored.get("dmi")).isEqualTo(Map.of("sys_vendor", "Dell Inc."));
    assertThat(stored.get("raid")).isEqualTo(List.of());
  }

  @Test
  void aReRegistrationKeepsLldpAndDropsInterfacesThatAreGone() throws Exception {
    call("insert_one", device(ID_A, "HP", 1L, "aa:01", "aa:02", "aa:03"));
    call("update_one", List.of(ID_A), Map.of("update_data", Map.of("lldp", lldp(0, "sw-9", 4L))));

    call(
        "update_one",
        List.of(ID_A),
        Map.of(
            "update_data",
            Map.of("interfaces", List.of(Map.of("devname", "eno1", "address", "aa:01"), Map.of("address", "aa:02")))));

    Map<String, Object> stored = getOne(ID_A);
    assertThat((List<?>) stored.get("interfaces")).hasSize(2);
    assertThat(interfaceAt(stored, 0))
        .containsEntry("devname", "eno1")
        .containsEntry("carrier", true)
        .containsEntry("lldp", Map.of("switch_name", "sw-9", "port_number", 4L));
  }

  @Test
  void aReRegistrationWithoutInterfacesIsAcceptedAsAFirstOneIs() throws Exception {
    Map<String, Object> none = new java.util.HashMap<>(device(ID_A, "HP", 1L));
    none.put("interfaces", null);
    call("insert_one", none);
    // a re-registration merges into the stored device: an agent that found no interfaces could not register again
    call("insert_one", none);
    call("insert_one", device(ID_A, "HP", 1L, "aa:01"));
    call("insert_one", none);

    assertThat(getOne(ID_A)).containsEntry("interfaces", null);
  }

  @Test
  void theLldpHookStoresTheNeighbourUnderItsInterface() throws Exception {
    call("insert_one", device(ID_A, "HP", 1L, "aa:01"));
    // Appendix B: {"lldp": {"switch_name": ..., "port_number": 17, "interface_index": 0}}
    call("update_one", List.of(ID_A), Map.of("update_data", Map.of("lldp", lldp(0, "c10-5-1e.ord1", 17L))));
    assertThat(interfaceAt(getOne(ID_A), 0))
        .containsEntry("lldp", Map.of("switch_name", "c10-5-1e.ord1", "port_number", 17L))
        .containsEntry("address", "aa:01");
  }

  @Test
  void lldpWithoutAValidInterfaceIndexIsRefused() throws Exception {
    call("insert_one", device(ID_A, "HP", 1L, "aa:01"));
    assertThatThrownBy(
            () -> call("update_one", List.of(ID_A), Map.of("update_data", Map.of("lldp", Map.of("switch_name", "x")))))
        .hasMessage("lldp.interface_index is missing");
    assertThatThrownBy(
            () -> call("update_one", List.of(ID_A), Map.of("update_data", Map.of("lldp", lldp(3, "x", 1L)))))
        .hasMessage("lldp.interface_index 3 is out of range: the device has 1 interface(s)");
  }

  @Test
  void updateOneRefusesMercuryIdUnknownDevicesAndEmptyData() throws Exception {
    call("insert_one", device(ID_A, "HP", 1L, "aa:01"));
    assertThatThrownBy(
            () -> call("update_one", List.of(ID_A), Map.of("update_data", Map.of("mercury_id", ID_B))))
        .hasMessage("Cannot update mercury_id with this method");
    assertThatThrownBy(() -> call("update_one", List.of(ID_B), Map.of("update_data", Map.of("a", 1L))))
        .hasMessage("Attempting to update non-existing record: " + ID_B);
    assertThatThrownBy(() -> call("update_one", List.of(ID_A), Map.of("update_data", Map.of())))
        .hasMessage("Update data is empty");
    assertThatThrownBy(
            () -> call("update_one", List.of(ID_A), Map.of("update_data", Map.of("$set", Map.of()))))
        .hasMessage("Cannot update field '$set'");
    assertThatThrownBy(() -> call("update_one", List.of(ID_A), Map.of()))
        .hasMessage("update_one() missing required argument: 'update_data'");
  }

  @Test
  void getOneAppliesTheProjectionAndReturnsNullForUnknownIds() throws Exception {
    call("insert_one", device(ID_A, "HP", 5L, "aa:01"));
    @SuppressWarnings("unchecked")
    Map<String, Object> projected =
        (Map<String, Object>) call("get_one", List.of(ID_A), Map.of("projection", Map.of("mem.MemTotal", 1L)));
    assertThat(projected.keySet()).containsExactlyInAnyOrder("_id", "mem");
    assertThat(call("get_one", ID_B)).isNull();
    assertThatThrownBy(
            () -> call("get_one", List.of(ID_A), Map.of("projection", Map.of("a", Map.of("$slice", 1L)))))
        .hasMessage("Projection value for 'a' must be 0, 1, true or false");
  }

  private void insertFleet(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      String id = String.format("00%040x", i);
      call("insert_one", device(id, i % 3 == 0 ? "HP" : "Dell Inc.", (i + 1) * 16_000_000_000L, String.format("aa:%02x", i)));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void queryReturnsTheOriginalShapeWithATotalThatIgnoresTheLimit() throws Exception {
    insertFleet(9);
    Map<String, Object> page =
        (Map<String, Object>)
            call("query", List.of(Map.of("dmi.sys_vendor", "HP")), Map.of("limit", 2L, "projection", Map.of("dmi.sys_vendor", 1L)));
    assertThat(page).containsEntry("total", 3L).containsEntry("limit", 2L).containsEntry("sort_direction", "ASCENDING");
    List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).keySet()).containsExactlyInAnyOrder("_id", "mercury_id", "dmi");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aQueryWithoutProjectionReturnsOnlyIdsAsTheOriginalDoes() throws Exception {
    insertFleet(2);
    Map<String, Object> page = (Map<String, Object>) call("query", Map.of());
    List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
    assertThat(items).allSatisfy(item -> assertThat(item.keySet()).containsExactlyInAnyOrder("_id", "mercury_id"));
    assertThat(page).containsEntry("limit", 0L).containsEntry("total", 2L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void keysetPagingVisitsEveryDeviceOnceInBothDirections() throws Exception {
    insertFleet(25);
    for (long direction : List.of(1L, -1L)) {
      List<Object> seen = new ArrayList<>();
      Object offset = null;
      while (true) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("limit", 10L);
        kwargs.put("sort_direction", direction);
        kwargs.put("offset_id", offset);
        Map<String, Object> page = (Map<String, Object>) call("query", List.of(Map.of()), kwargs);
        assertThat(page.get("total")).isEqualTo(25L);
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        if (items.isEmpty()) {
          break;
        }
        items.forEach(item -> seen.add(item.get("mercury_id")));
        offset = items.get(items.size() - 1).get("_id");
      }
      assertThat(seen).hasSize(25).doesNotHaveDuplicates();
      if (direction < 0) {
        assertThat(seen.get(0)).isEqualTo(String.format("00%040x", 24));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void queryFiltersOnNestedFieldsSortsAndConvertsStringIds() throws Exception {
    insertFleet(6);
    Map<String, Object> page =
        (Map<String, Object>)
            call(
                "query",
                List.of(Map.of("mem.MemTotal", Map.of("$gte", 64e9), "dmi.sys_vendor", Map.of("$regex", "^Dell"))),
                Map.of("sort", "mem.MemTotal", "sort_direction", -1L, "projection", Map.of("mem", 1L)));
    List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
    assertThat(items).extracting(i -> (Object) ((Map<?, ?>) i.get("mem")).get("MemTotal"))
        .containsExactly((Object) 96_000_000_000L, (Object) 80_000_000_000L);
    assertThat(page.get("sort_direction")).isEqualTo("DESCENDING");

    String hexId = (String) items.get(0).get("_id");
    assertThat(call("count", Map.of("_id", hexId))).isEqualTo(1L);
    assertThat(call("count", Map.of("_id", Map.of("$in", List.of(hexId))))).isEqualTo(1L);
  }

  @Test
  void codeRunningOperatorsAreRefusedAnywhereInTheQuery() {
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("$where", "this.a == 1"),
            Map.of("a", Map.of("$function", Map.of())),
            Map.of("$or", List.of(Map.of("$expr", Map.of("$accumulator", Map.of())))),
            Map.of("a", Map.of("$not", Map.of("$where", "1"))))) {
      assertThatThrownBy(() -> call("query", bad))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("is not allowed; allowed operators: $all, $and");
      assertThatThrownBy(() -> call("count", bad)).hasMessageContaining("is not allowed");
      assertThatThrownBy(
              () -> call("update_boot_many", bad, Map.of("boot.state", "local")))
          .hasMessageContaining("is not allowed");
    }
  }

  @Test
  void queryArgumentsAreChecked() {
    assertThatThrownBy(() -> call("query", List.of(Map.of()), Map.of("limit", -1L))).hasMessage("limit must not be negative");
    assertThatThrownBy(() -> call("query", List.of(Map.of()), Map.of("sort_direction", 2L))).hasMessage("sort_direction must be 1 or -1");
    assertThatThrownBy(() -> call("query", List.of("dmi"), Map.of())).hasMessage("query() argument 'query' must be dict, not str");
    assertThatThrownBy(() -> call("query", List.of(Map.of()), Map.of("sort", "$natural"))).hasMessage("sort must be a field name");
  }

  @Test
  void countAndDelete() throws Exception {
    insertFleet(4);
    assertThat(call("count", Map.of())).isEqualTo(4L);
    assertThat(call("count", Map.of("dmi.sys_vendor", "HP"))).isEqualTo(2L);
    assertThat(call("delete", String.format("00%040x", 0))).isEqualTo(Map.of("deleted_count", 1L));
    assertThat(call("delete", String.format("00%040x", 0))).isEqualTo(Map.of("deleted_count", 0L));
    assertThat(call("count", Map.of())).isEqualTo(3L);
  }

  @Test
  void updateBootSetsStateAndScriptAndRefusesAnythingElse() throws Exception {
    insertFleet(3);
    String id = String.format("00%040x", 1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(call("update_boot", id, Map.of("boot.state", "rescue", "boot.script", "#!ipxe\nexit")))
        .isEqualTo(Map.of("matched_count", 1L, "modified_count", 1L));
    Map<String, Object> stored = getOne(id);
    assertThat(stored.get("boot")).isEqualTo(Map.of("state", "rescue", "script", "#!ipxe\nexit"));
    assertThat(stored.get("time_updated")).isEqualTo(1_700_000_005.0);

    assertThat(call("update_boot_many", Map.of("dmi.sys_vendor", "Dell Inc."), Map.of("boot.state", "local")))
        .isEqualTo(Map.of("matched_count", 2L, "modified_count", 2L));
    assertThat(call("count", Map.of("boot.state", "local"))).isEqualTo(2L);

    assertThatThrownBy(() -> call("update_boot", id, Map.of("boot.state", "local", "dmi", "x")))
        .hasMessage("Boot data is invalid, can only contain [boot.state, boot.script]");
    assertThatThrownBy(() -> call("update_boot", id, Map.of("boot.state", "pxe")))
        .hasMessage("boot.state must be one of agent, local, rescue; got pxe");
  }

  private static Map<String, Object> lldp(long index, String switchName, long port) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("switch_name", switchName);
    l.put("port_number", port);
    l.put("interface_index", index);
    return l;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> interfaceAt(Map<String, Object> device, int index) {
    return (Map<String, Object>) ((List<Object>) device.get("interfaces")).get(index);
  }
}
