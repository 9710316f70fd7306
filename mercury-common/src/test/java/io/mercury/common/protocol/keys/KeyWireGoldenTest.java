package io.mercury.common.protocol.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import java.time.Instant;
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
 * The key administration records encode to exactly the bytes of the maps Mercury built by hand before
 * them: requests as mcli's KeysClient built them, replies as the backend's KeyAdmin built them. Each case
 * also pins the bytes in hex. Reading goes the other way, and malformed replies are named.
 */
class KeyWireGoldenTest {
  private static final String ID = "0112426690d3bf5dfa0a1ea1ecf8a2acb2ed1eb6ec";
  private static final String KEY = "rq:cxf5eL-oWXrIWsz]ZiyfJ*Y+d&nE<z2QF0T-";
  private static final Instant CREATED = Instant.ofEpochMilli(1_796_617_882_123L);
  private static final Instant UPDATED = Instant.ofEpochMilli(1_796_617_900_500L);

  private static final KeyListing PENDING =
      new KeyListing(KEY, "9f86d081884c7d65", ID, KeyKind.AGENT, Role.AGENT, KeyStatus.PENDING, ID, "node1", "10.0.0.7",
          CREATED, UPDATED, null, "2c26b46b68ffc68f");
  private static final KeyListing OPERATOR =
      new KeyListing("o".repeat(40), "fcde2b2edba56bf4", "alice", KeyKind.OPERATOR, Role.ADMIN, KeyStatus.ACCEPTED, null, null,
          null, CREATED, UPDATED, "bootstrap", null);

  /** KeyAdmin.toWire, plus "conflict" as listKeys added it. */
  private static Map<String, Object> pendingWire() {
    return map("public_key", KEY, "fingerprint", "9f86d081884c7d65", "name", ID, "kind", "agent", "role", "agent",
        "status", "pending", "mercury_id", ID, "hostname", "node1", "address", "10.0.0.7", "created_at", 1_796_617_882.123,
        "updated_at", 1_796_617_900.5, "updated_by", null, "conflict", "2c26b46b68ffc68f");
  }

  private static Map<String, Object> operatorWire() {
    return map("public_key", "o".repeat(40), "fingerprint", "fcde2b2edba56bf4", "name", "alice", "kind", "operator",
        "role", "admin", "status", "accepted", "mercury_id", null, "hostname", null, "address", null,
        "created_at", 1_796_617_882.123, "updated_at", 1_796_617_900.5, "updated_by", "bootstrap");
  }

  static Stream<Arguments> requests() {
    Map<String, Object> noStatus = new LinkedHashMap<>();
    noStatus.put("status", null);
    return Stream.of(
        // KeysClient.list: kwargs {status}
        Arguments.of("list_keys", new KeyRequest.ListKeys("pending"), new Request("list_keys", List.of(), map("status", "pending")), "83a8656e64706f696e74a96c6973745f6b657973a46172677390a66b776172677381a6737461747573a770656e64696e67"),
        Arguments.of("list_keys all", new KeyRequest.ListKeys(null), new Request("list_keys", List.of(), noStatus), "83a8656e64706f696e74a96c6973745f6b657973a46172677390a66b776172677381a6737461747573c0"),
        // KeysClient.setStatus: args [keys, status]
        Arguments.of(
            "set_key_status",
            new KeyRequest.SetKeyStatus(List.of(KEY, "alice"), "accept"),
            new Request("set_key_status", List.of(List.of(KEY, "alice"), "accept"), Map.of()),
            "83a8656e64706f696e74ae7365745f6b65795f737461747573a4617267739292da002772713a63786635654c2d6f5758724957737a5d5a6979664a2a592b64266e453c7a32514630542da5616c696365a6616363657074a66b776172677380"),
        // KeysClient.createToken: kwargs {ttl_seconds, uses}
        Arguments.of(
            "create_enrolment_token",
            new KeyRequest.CreateEnrolmentToken(3600.0, 5, null),
            new Request("create_enrolment_token", List.of(), map("ttl_seconds", 3600.0, "uses", 5L)),
            "83a8656e64706f696e74b66372656174655f656e726f6c6d656e745f746f6b656ea46172677390a66b776172677382ab74746c5f7365636f6e6473cb40ac200000000000a47573657305"),
        // the boot service's BackendTokenSource: kwargs {ttl_seconds, uses, mac}
        Arguments.of(
            "create_enrolment_token for a mac",
            new KeyRequest.CreateEnrolmentToken(900.0, 1, "52:54:00:12:34:56"),
            new Request("create_enrolment_token", List.of(), map("ttl_seconds", 900.0, "uses", 1L, "mac", "52:54:00:12:34:56")),
            "83a8656e64706f696e74b66372656174655f656e726f6c6d656e745f746f6b656ea46172677390a66b776172677383ab74746c5f7365636f6e6473cb408c200000000000a47573657301a36d6163b135323a35343a30303a31323a33343a3536"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestsEncodeAsTheHandBuiltMaps(String name, KeyRequest record, Request handBuilt, String hex) {
    byte[] bytes = MsgPack.encode(KeyWire.request(record).toWire());
    assertThat(bytes).isEqualTo(MsgPack.encode(handBuilt.toWire()));
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex);
  }

  static Stream<Arguments> replies() {
    return Stream.of(
        Arguments.of("key with conflict", KeyWire.toWire(PENDING), pendingWire(), "8daa7075626c69635f6b6579da002772713a63786635654c2d6f5758724957737a5d5a6979664a2a592b64266e453c7a32514630542dab66696e6765727072696e74b039663836643038313838346337643635a46e616d65da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a46b696e64a56167656e74a4726f6c65a56167656e74a6737461747573a770656e64696e67aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a8686f73746e616d65a56e6f646531a761646472657373a831302e302e302e37aa637265617465645f6174cb41dac58da687df3baa757064617465645f6174cb41dac58dab200000aa757064617465645f6279c0a8636f6e666c696374b032633236623436623638666663363866"),
        Arguments.of("key", KeyWire.toWire(OPERATOR), operatorWire(), "8caa7075626c69635f6b6579da00286f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6fab66696e6765727072696e74b066636465326232656462613536626634a46e616d65a5616c696365a46b696e64a86f70657261746f72a4726f6c65a561646d696ea6737461747573a86163636570746564aa6d6572637572795f6964c0a8686f73746e616d65c0a761646472657373c0aa637265617465645f6174cb41dac58da687df3baa757064617465645f6174cb41dac58dab200000aa757064617465645f6279a9626f6f747374726170"),
        // KeyAdmin.listKeys: Map.of("keys", [...])
        Arguments.of("list_keys", KeyWire.listReply(List.of(OPERATOR)), map("keys", List.of(operatorWire())), "81a46b657973918caa7075626c69635f6b6579da00286f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6fab66696e6765727072696e74b066636465326232656462613536626634a46e616d65a5616c696365a46b696e64a86f70657261746f72a4726f6c65a561646d696ea6737461747573a86163636570746564aa6d6572637572795f6964c0a8686f73746e616d65c0a761646472657373c0aa637265617465645f6174cb41dac58da687df3baa757064617465645f6174cb41dac58dab200000aa757064617465645f6279a9626f6f747374726170"),
        // KeyAdmin.setKeyStatus: {changed, unchanged, errors: [Map.of("key", ref, "error", message)]}
        Arguments.of(
            "set_key_status",
            KeyWire.toWire(new KeyStatusReply(List.of(OPERATOR), List.of(), List.of(new KeyStatusReply.KeyError("bob", "cannot reject key")))),
            map("changed", List.of(operatorWire()), "unchanged", List.of(), "errors", List.of(map("key", "bob", "error", "cannot reject key"))),
            "83a76368616e676564918caa7075626c69635f6b6579da00286f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6fab66696e6765727072696e74b066636465326232656462613536626634a46e616d65a5616c696365a46b696e64a86f70657261746f72a4726f6c65a561646d696ea6737461747573a86163636570746564aa6d6572637572795f6964c0a8686f73746e616d65c0a761646472657373c0aa637265617465645f6174cb41dac58da687df3baa757064617465645f6174cb41dac58dab200000aa757064617465645f6279a9626f6f747374726170a9756e6368616e67656490a66572726f72739182a36b6579a3626f62a56572726f72b163616e6e6f742072656a656374206b6579"),
        // KeyAdmin.createToken: {token, id, expires_at, uses, mac?}
        Arguments.of(
            "create_enrolment_token",
            KeyWire.toWire(new EnrolmentToken("s3cret", "tok1", UPDATED, 5, null)),
            map("token", "s3cret", "id", "tok1", "expires_at", 1_796_617_900.5, "uses", 5L),
            "84a5746f6b656ea6733363726574a26964a4746f6b31aa657870697265735f6174cb41dac58dab200000a47573657305"),
        Arguments.of(
            "create_enrolment_token for a mac",
            KeyWire.toWire(new EnrolmentToken("s3cret", "tok2", UPDATED, 1, "52:54:00:12:34:56")),
            map("token", "s3cret", "id", "tok2", "expires_at", 1_796_617_900.5, "uses", 1L, "mac", "52:54:00:12:34:56"),
            "85a5746f6b656ea6733363726574a26964a4746f6b32aa657870697265735f6174cb41dac58dab200000a47573657301a36d6163b135323a35343a30303a31323a33343a3536"));
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
    assertThat(KeyWire.keyList(map("keys", List.of(pendingWire(), operatorWire())))).containsExactly(PENDING, OPERATOR);
    assertThat(KeyWire.keyStatusReply(map("changed", List.of(operatorWire()), "unchanged", List.of(), "errors", List.of(map("key", "bob", "error", "no")))))
        .isEqualTo(new KeyStatusReply(List.of(OPERATOR), List.of(), List.of(new KeyStatusReply.KeyError("bob", "no"))));
    assertThat(KeyWire.enrolmentToken(map("token", "s3cret", "id", "tok2", "expires_at", 1_796_617_900.5, "uses", 1L, "mac", "m")))
        .isEqualTo(new EnrolmentToken("s3cret", "tok2", UPDATED, 1, "m"));
  }

  @Test
  void referencesMustBeStrings() {
    assertThat(KeyWire.references(List.of("a", "b"))).containsExactly("a", "b");
    assertThatThrownBy(() -> KeyWire.references(List.of("a", 1L))).hasMessage("keys must be a list of strings");
  }

  @Test
  void malformedRepliesAreNamed() {
    assertThatThrownBy(() -> KeyWire.keyList(List.of()))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessage("unexpected reply from backend list_keys: ListN");
    assertThatThrownBy(() -> KeyWire.keyList(map("keys", "none"))).hasMessage("unexpected reply from backend list_keys: LinkedHashMap");
    Map<String, Object> badKind = pendingWire();
    badKind.put("kind", "robot");
    assertThatThrownBy(() -> KeyWire.keyList(map("keys", List.of(badKind)))).hasMessage("unexpected reply from backend list_keys: LinkedHashMap");
    assertThatThrownBy(() -> KeyWire.keyStatusReply(map("errors", List.of("x")))).hasMessage("unexpected reply from backend set_key_status: String");
    assertThatThrownBy(() -> KeyWire.enrolmentToken(map("id", "tok1"))).hasMessage("unexpected reply from backend create_enrolment_token: LinkedHashMap");
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
