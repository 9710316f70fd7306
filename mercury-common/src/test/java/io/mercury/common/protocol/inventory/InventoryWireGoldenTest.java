package io.mercury.common.protocol.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inventory's records encode to exactly the bytes of the maps Mercury built by hand before them:
 * requests as mcli, the boot service, the HTTP API and the RPC backend built them; replies as
 * {@code InventoryEndpoints} and the inventory's store build them. Each case also pins the bytes in hex,
 * so neither side can drift with the other.
 */
class InventoryWireGoldenTest {
  private static final String ID = "0112426690d3bf5dfa0a1ea1ecf8a2acb2ed1eb6ec";

  static Stream<Arguments> requests() {
    Map<String, Object> device = map("mercury_id", ID, "interfaces", List.of(map("address", "52:54:00:12:34:56")));
    Map<String, Object> query = map("interfaces.address", "52:54:00:12:34:56");
    Map<String, Object> projection = map("mercury_id", 1, "boot", 1);
    Map<String, Object> bootData = map("boot.state", "local");
    return Stream.of(
        // SampleFleet, AgentRegistry: Request.of("insert_one", device)
        Arguments.of(
            "insert_one",
            new InventoryRequest.InsertOne(device),
            Request.of("insert_one", device),
            "83a8656e64706f696e74aa696e736572745f6f6e65a4617267739182aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563aa696e74657266616365739181a761646472657373b135323a35343a30303a31323a33343a3536a66b776172677380"),
        // AgentRegistry: new Request("update_one", List.of(mercuryId), Map.of("update_data", updateData))
        Arguments.of(
            "update_one",
            new InventoryRequest.UpdateOne(ID, map("active", null)),
            new Request("update_one", List.of(ID), Map.of("update_data", map("active", null))),
            "83a8656e64706f696e74aa7570646174655f6f6e65a46172677391da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a66b776172677381ab7570646174655f6461746181a6616374697665c0"),
        // mcli InventoryClient.getOneById, api inventoryDetail and bootOf: args [id], kwargs {projection}
        Arguments.of(
            "get_one",
            new InventoryRequest.GetOne(ID, projection),
            new Request("get_one", List.of(ID), map("projection", projection)),
            "83a8656e64706f696e74a76765745f6f6e65a46172677391da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a66b776172677381aa70726f6a656374696f6e82aa6d6572637572795f696401a4626f6f7401"),
        Arguments.of(
            "get_one without projection",
            new InventoryRequest.GetOne(ID, null),
            new Request("get_one", List.of(ID), map("projection", null)),
            "83a8656e64706f696e74a76765745f6f6e65a46172677391da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a66b776172677381aa70726f6a656374696f6ec0"),
        // mcli InventoryClient.page and api Paging.queryKwargs
        Arguments.of(
            "query",
            new InventoryRequest.Query(query, projection, 100, "_id", SortDirection.DESCENDING, "5f0c7b1e9d3e2a0001a1b2c3"),
            new Request(
                "query",
                List.of(query),
                map("projection", projection, "limit", 100L, "sort", "_id", "sort_direction", -1, "offset_id", "5f0c7b1e9d3e2a0001a1b2c3")),
            "83a8656e64706f696e74a57175657279a4617267739181b2696e74657266616365732e61646472657373b135323a35343a30303a31323a33343a3536a66b776172677385aa70726f6a656374696f6e82aa6d6572637572795f696401a4626f6f7401a56c696d697464a4736f7274a35f6964ae736f72745f646972656374696f6effa96f66667365745f6964b8356630633762316539643365326130303031613162326333"),
        Arguments.of(
            "query with defaults",
            InventoryRequest.Query.of(map(), null),
            new Request("query", List.of(map()), map("projection", null, "limit", 0L, "sort", "_id", "sort_direction", 1, "offset_id", null)),
            "83a8656e64706f696e74a57175657279a4617267739180a66b776172677385aa70726f6a656374696f6ec0a56c696d697400a4736f7274a35f6964ae736f72745f646972656374696f6e01a96f66667365745f6964c0"),
        // mcli Request.of("count", query); api List.of(query), Map.of()
        Arguments.of("count", new InventoryRequest.Count(query), Request.of("count", query), "83a8656e64706f696e74a5636f756e74a4617267739181b2696e74657266616365732e61646472657373b135323a35343a30303a31323a33343a3536a66b776172677380"),
        Arguments.of("delete", new InventoryRequest.Delete(ID), Request.of("delete", ID), "83a8656e64706f696e74a664656c657465a46172677391da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a66b776172677380"),
        // mcli Request.of("update_boot", id, data); api List.of(id, bootData), Map.of()
        Arguments.of("update_boot", new InventoryRequest.UpdateBoot(ID, bootData), Request.of("update_boot", ID, bootData), "83a8656e64706f696e74ab7570646174655f626f6f74a46172677392da002a30313132343236363930643362663564666130613165613165636638613261636232656431656236656381aa626f6f742e7374617465a56c6f63616ca66b776172677380"),
        Arguments.of(
            "update_boot_many",
            new InventoryRequest.UpdateBootMany(query, bootData),
            Request.of("update_boot_many", query, bootData),
            "83a8656e64706f696e74b07570646174655f626f6f745f6d616e79a4617267739281b2696e74657266616365732e61646472657373b135323a35343a30303a31323a33343a353681aa626f6f742e7374617465a56c6f63616ca66b776172677380"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestsEncodeAsTheHandBuiltMaps(String name, InventoryRequest record, Request handBuilt, String hex) {
    byte[] bytes = MsgPack.encode(InventoryWire.request(record).toWire());
    assertThat(bytes).isEqualTo(MsgPack.encode(handBuilt.toWire()));
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex);
  }

  static Stream<Arguments> replies() {
    List<Map<String, Object>> items = List.of(map("_id", "5f0c7b1e9d3e2a0001a1b2c3", "mercury_id", ID));
    return Stream.of(
        // InventoryEndpoints: Map.of("object_id", id)
        Arguments.of("object_id", InventoryWire.toWire(new ObjectIdReply("5f0c7b1e9d3e2a0001a1b2c3")), Map.of("object_id", "5f0c7b1e9d3e2a0001a1b2c3"), "81a96f626a6563745f6964b8356630633762316539643365326130303031613162326333"),
        // store.QueryPage.toWire
        Arguments.of(
            "query page",
            InventoryWire.toWire(new QueryPage(7, 1, items, SortDirection.ASCENDING)),
            map("total", 7L, "limit", 1L, "items", items, "sort_direction", "ASCENDING"),
            "84a5746f74616c07a56c696d697401a56974656d739182a35f6964b8356630633762316539643365326130303031613162326333aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563ae736f72745f646972656374696f6ea9415343454e44494e47"),
        Arguments.of(
            "query page descending",
            InventoryWire.toWire(new QueryPage(0, 0, List.of(), SortDirection.DESCENDING)),
            map("total", 0L, "limit", 0L, "items", List.of(), "sort_direction", "DESCENDING"),
            "84a5746f74616c00a56c696d697400a56974656d7390ae736f72745f646972656374696f6eaa44455343454e44494e47"),
        // InventoryEndpoints' delete
        Arguments.of("delete", InventoryWire.toWire(new DeleteReply(1, 0)), Map.of("deleted_count", 1L), "81ad64656c657465645f636f756e7401"),
        Arguments.of("delete revoking keys", InventoryWire.toWire(new DeleteReply(1, 2)), map("deleted_count", 1L, "revoked_keys", 2L), "82ad64656c657465645f636f756e7401ac7265766f6b65645f6b65797302"),
        // store.BootUpdate.toWire
        Arguments.of("boot update", InventoryWire.toWire(new BootUpdateReply(3, 2)), map("matched_count", 3L, "modified_count", 2L), "82ad6d6174636865645f636f756e7403ae6d6f6469666965645f636f756e7402"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replies")
  void repliesEncodeAsTheHandBuiltMaps(String name, Map<String, Object> record, Map<String, Object> handBuilt, String hex) {
    byte[] bytes = MsgPack.encode(record);
    assertThat(bytes).isEqualTo(MsgPack.encode(handBuilt));
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex);
  }

  @Test
  void repliesReadBackAsTheRecords() throws Exception {
    List<Map<String, Object>> items = List.of(map("_id", "5f0c7b1e9d3e2a0001a1b2c3", "mercury_id", ID));
    QueryPage page = new QueryPage(7, 1, items, SortDirection.DESCENDING);
    assertThat(InventoryWire.queryPage(roundTrip(InventoryWire.toWire(page)))).isEqualTo(page);
    assertThat(InventoryWire.objectId(InventoryEndpoint.INSERT_ONE, roundTrip(Map.of("object_id", "ab"))))
        .isEqualTo(new ObjectIdReply("ab"));
    assertThat(InventoryWire.deleteReply(roundTrip(Map.of("deleted_count", 1L)))).isEqualTo(new DeleteReply(1, 0));
    assertThat(InventoryWire.deleteReply(roundTrip(map("deleted_count", 1L, "revoked_keys", 2L)))).isEqualTo(new DeleteReply(1, 2));
    assertThat(InventoryWire.bootUpdate(InventoryEndpoint.UPDATE_BOOT, roundTrip(map("matched_count", 0L, "modified_count", 0L))))
        .isEqualTo(new BootUpdateReply(0, 0));
    assertThat(InventoryWire.count(roundTrip(12L))).isEqualTo(12);
    assertThat(InventoryWire.device(null)).isEmpty();
    assertThat(InventoryWire.device(roundTrip(map("mercury_id", ID)))).contains(map("mercury_id", ID));
  }

  @Test
  void aTerseQueryReplyReadsWithoutLimitOrDirection() throws Exception {
    // mcli's training stand-in answers {total, items} only
    assertThat(InventoryWire.queryPage(map("total", 1L, "items", List.of(map("mercury_id", ID)))))
        .isEqualTo(new QueryPage(1, 0, List.of(map("mercury_id", ID)), null));
  }

  @Test
  void aReplyOfTheWrongShapeSaysWhichEndpoint() {
    assertThatThrownBy(() -> InventoryWire.queryPage(List.of()))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessage("unexpected reply from inventory query: ListN");
    assertThatThrownBy(() -> InventoryWire.count("3")).hasMessage("unexpected reply from inventory count: String");
    assertThatThrownBy(() -> InventoryWire.queryPage(map("total", 1L, "items", List.of(3L))))
        .hasMessage("unexpected reply from inventory query: Long");
  }

  @Test
  void everyEndpointHasItsOriginalWireName() {
    assertThat(Arrays.stream(InventoryEndpoint.values()).map(InventoryEndpoint::wireName))
        .containsExactly("insert_one", "update_one", "get_one", "query", "count", "delete", "update_boot", "update_boot_many");
  }

  private static Object roundTrip(Object value) throws Exception {
    return MsgPack.decode(MsgPack.encode(value));
  }

  /** An ordered map that takes nulls, as the callers' LinkedHashMaps. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
