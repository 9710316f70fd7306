package io.mercury.rpc.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.protocol.keys.KeyWire;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** F4: tokens for booting agents, one live per MAC, none for a device with a key, a global rate. */
class AutoEnrolmentTest {
  private static final String MAC = "52:54:00:12:34:56";
  private static final String BOUND_MAC = "52:54:00:00:00:0b";
  private static final String BOUND_DEVICE = "01" + "b".repeat(40);

  private final AtomicLong nanos = new AtomicLong();
  private MongoServer mongo;
  private MongoClient client;
  private MongoDatabase db;
  private KeyStore keys;
  private EnrolmentTokens tokens;
  private KeyAdmin admin;

  @BeforeEach
  void start() {
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    db = client.getDatabase("mercury_security");
    keys = new KeyStore(db);
    tokens = new EnrolmentTokens(db, InstantSource.system());
    Map<String, List<String>> devices = Map.of(BOUND_MAC, List.of(BOUND_DEVICE));
    AutoEnrolment auto = new AutoEnrolment(keys, mac -> devices.getOrDefault(mac, List.of()), 3, nanos::get);
    admin = new KeyAdmin(keys, tokens, (entry, reason) -> {}, () -> {}, auto);
  }

  @AfterEach
  void stop() {
    client.close();
    mongo.shutdownNow();
  }

  private Map<String, Object> mint(String mac) {
    return KeyWire.toWire(admin.createToken(900, 1, "boot", mac, true));
  }

  private long liveTokensFor(String mac) {
    return db.getCollection(EnrolmentTokens.COLLECTION).countDocuments(new Document("mac", mac));
  }

  @Test
  void aMacHasAtMostOneLiveTokenTheNewOneReplacingTheOld() {
    String first = (String) mint(MAC.toUpperCase(Locale.ROOT)).get("token");
    Map<String, Object> second = mint(MAC);
    assertThat(second).containsEntry("mac", MAC);
    assertThat(liveTokensFor(MAC)).isEqualTo(1);
    assertThat(tokens.redeem(first)).isEqualTo(EnrolmentTokens.Redemption.UNKNOWN);
    assertThat(tokens.redeem((String) second.get("token"))).isEqualTo(EnrolmentTokens.Redemption.REDEEMED);
  }

  @Test
  void aMacWhoseDeviceHasAKeyGetsNone() {
    keys.acceptAgent("K".repeat(40), BOUND_DEVICE, null, null, "token:x");
    assertThatThrownBy(() -> mint(BOUND_MAC))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("device " + BOUND_DEVICE + " (MAC " + BOUND_MAC + ") already has accepted key");
    assertThat(liveTokensFor(BOUND_MAC)).isZero();
  }

  @Test
  void atMostThePerMinuteRateIsMintedWhoeverAsksAndTheBudgetRefills() {
    for (int i = 1; i <= 3; i++) {
      mint("52:54:00:00:01:0" + i);
    }
    assertThatThrownBy(() -> mint("52:54:00:00:01:09"))
        .hasMessageContaining("more than 3 tokens a minute for booting agents");
    nanos.addAndGet(Duration.ofSeconds(20).toNanos()); // a third of a minute: one more
    assertThat(mint("52:54:00:00:01:09")).containsKey("token");
    assertThatThrownBy(() -> mint("52:54:00:00:01:0a")).hasMessageContaining("tokens a minute");
  }

  @Test
  void theBootServiceMintsOnlyForAMacAndOneUseAndOnlyAMacAddress() {
    assertThatThrownBy(() -> admin.createToken(900, 1, "boot", null, true))
        .hasMessageContaining("only for a booting agent's mac");
    assertThatThrownBy(() -> admin.createToken(900, 5, "boot", MAC, true)).hasMessageContaining("one use");
    assertThatThrownBy(() -> mint("not-a-mac")).hasMessageContaining("mac must be a MAC address");
    assertThatThrownBy(() -> mint("52:54:00:12:34:56\n#!ipxe")).hasMessageContaining("mac must be a MAC address");
    // an admin may still mint ordinary tokens
    assertThat(KeyWire.toWire(admin.createToken(900, 3, "alice", null, false))).containsEntry("uses", 3L).doesNotContainKey("mac");
  }
}
