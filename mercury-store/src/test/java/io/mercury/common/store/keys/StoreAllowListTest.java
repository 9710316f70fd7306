package io.mercury.common.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.config.ConfigException;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.AllowList;
import io.mercury.common.security.Caller;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.security.ZapAuthenticator;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/** The store-backed allow-list and a daemon's TransportSecurity, over a real store and sockets. */
class StoreAllowListTest {
  @TempDir Path tmp;
  private StoreFixture fixture;
  private KeyStore store;
  private ZContext context;

  @BeforeEach
  void setUp() {
    fixture = new StoreFixture(tmp);
    store = new KeyStore(fixture.db);
    context = new ZContext();
  }

  @AfterEach
  void tearDown() {
    context.close();
    fixture.close();
  }

  private static KeyEntry accepted(CurveKeyPair key, String name, Role role) {
    Instant now = Instant.now();
    return new KeyEntry(key.publicKey(), name, KeyKind.OPERATOR, role, KeyStatus.ACCEPTED, null, null, null, now, now, "test");
  }

  private static byte[] whoAmI(byte[] payload, Caller caller) {
    return MsgPack.encode(Reply.ok(caller.name() + "/" + caller.role().wireName()).toWire());
  }

  @Test
  void aKeyRevokedInTheStoreIsCutOffOnAnOpenConnectionWithinSeconds() throws Exception {
    CurveKeyPair serverKey = CurveKeyPair.generate();
    CurveKeyPair bob = CurveKeyPair.generate();
    store.ensureAccepted(accepted(bob, "bob", Role.ADMIN));
    try (StoreAllowList allowList = new StoreAllowList(store, Duration.ofMillis(500));
        ZapAuthenticator zap = new ZapAuthenticator(context);
        RouterServer server =
            new RouterServer(
                context,
                ServerSettings.of("svc", "tcp://127.0.0.1:0").withCurve(zap.server("svc", serverKey, allowList)),
                StoreAllowListTest::whoAmI)) {
      String endpoint = server.start();
      try (ServiceClient client =
          new ServiceClient(
              context,
              endpoint,
              ClientSettings.defaults("svc").withTimeout(Duration.ofSeconds(10)).withCurve(new CurveClient(bob, serverKey.publicKey())))) {
        Request who = new Request("who", List.of(), Map.of());
        assertThat(client.invoke(who, true)).isEqualTo("bob/admin");
        store.setStatus(bob.publicKey(), KeyStatus.REVOKED, "test");
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThatThrownBy(() -> client.invoke(who, true))
                        .isInstanceOf(RemoteException.class)
                        .hasMessageContaining("Permission denied: key revoked"));
      }
    }
  }

  @Test
  void theKeysAreReadAgainOnlyWhenAKeyStoreChangedThem() {
    CurveKeyPair dave = CurveKeyPair.generate();
    KeyStore anotherDaemons = new KeyStore(fixture.db);
    try (StoreAllowList allowList = new StoreAllowList(store, Duration.ofMillis(50), Duration.ofHours(1))) {
      long reads = allowList.reads();
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> allowList.reads() == reads);

      anotherDaemons.ensureAccepted(accepted(dave, "dave", Role.OPERATOR));
      await().atMost(Duration.ofSeconds(10)).until(() -> allowList.caller(dave.publicKey()).isPresent());
      anotherDaemons.setStatus(dave.publicKey(), KeyStatus.REVOKED, "test");
      await().atMost(Duration.ofSeconds(10)).until(() -> allowList.caller(dave.publicKey()).isEmpty());
      assertThat(allowList.reads()).isBetween(reads + 2, reads + 4);
    }
  }

  @Test
  void aWriteThatBypassedTheKeyStoreIsReadAtTheNextFullRead() {
    CurveKeyPair erin = CurveKeyPair.generate();
    KeyStore writer = new KeyStore(fixture.db);
    writer.ensureAccepted(accepted(erin, "erin", Role.OPERATOR));
    try (StoreAllowList allowList = new StoreAllowList(store, Duration.ofMillis(50), Duration.ofMillis(300))) {
      assertThat(allowList.caller(erin.publicKey())).isPresent();
      // revoked by a direct write to the collection: the change count does not move
      fixture.db.getCollection(KeyStore.COLLECTION)
          .updateOne(com.mongodb.client.model.Filters.eq("_id", erin.publicKey()), com.mongodb.client.model.Updates.set("status", "revoked"));
      await().atMost(Duration.ofSeconds(10)).until(() -> allowList.caller(erin.publicKey()).isEmpty());
    }
  }

  @Test
  void refreshOnDemandSeesAChangeAtOnce() {
    CurveKeyPair carol = CurveKeyPair.generate();
    try (StoreAllowList allowList = new StoreAllowList(store, Duration.ofHours(1))) {
      assertThat(allowList.caller(carol.publicKey())).isEmpty();
      store.ensureAccepted(accepted(carol, "carol", Role.READ_ONLY));
      allowList.refresh();
      assertThat(allowList.caller(carol.publicKey()))
          .contains(new Caller("carol", carol.publicKey(), Role.READ_ONLY));
    }
  }

  @Test
  void aDaemonRecordsItsOwnServiceAndOperatorKeysAtStart() {
    Path keys = tmp.resolve("keys");
    CurveKeyPair own = CurveKeyPair.generate();
    KeyFiles.save(keys, "inventory", own, Map.of());
    CurveKeyPair api = CurveKeyPair.generate();
    KeyFiles.save(keys.resolve("elsewhere"), "api", api, Map.of());
    CurveKeyPair admin = CurveKeyPair.generate();
    KeyFiles.save(keys.resolve("operators"), "alice", admin, Map.of("role", "admin"));
    CurveKeyPair noRole = CurveKeyPair.generate();
    KeyFiles.save(keys.resolve("operators"), "norole", noRole, Map.of());
    CurveKeyPair revoked = CurveKeyPair.generate();
    KeyFiles.save(keys.resolve("operators"), "eve", revoked, Map.of("role", "operator"));
    store.ensureAccepted(accepted(revoked, "eve", Role.OPERATOR));
    store.setStatus(revoked.publicKey(), KeyStatus.REVOKED, "test");

    try (TransportSecurity security =
        TransportSecurity.start("inventory", SecuritySettings.on(keys, "inventory"), context, fixture.db)) {
      AllowList list = security.allowList().orElseThrow();
      assertThat(list.caller(own.publicKey())).contains(new Caller("inventory", own.publicKey(), Role.SERVICE));
      assertThat(list.caller(admin.publicKey())).contains(new Caller("alice", admin.publicKey(), Role.ADMIN));
      assertThat(list.caller(noRole.publicKey())).isEmpty();
      assertThat(list.caller(revoked.publicKey())).as("the store wins over files").isEmpty();
      assertThat(list.caller(api.publicKey())).isEmpty();
      assertThat(store.find(own.publicKey()).orElseThrow().kind()).isEqualTo(KeyKind.SERVICE);
    }
  }

  @Test
  void curveOffLoadsNothingAndServesPlaintext() {
    try (TransportSecurity security =
        TransportSecurity.start("inventory", SecuritySettings.off(), context, null)) {
      assertThat(security.server("inventory")).isEmpty();
      assertThat(security.client("rpc")).isEmpty();
      assertThat(security.allowList()).isEmpty();
    }
  }

  @Test
  void aDaemonWithoutItsKeyFailsWithOneClearLine() {
    assertThatThrownBy(
            () -> TransportSecurity.start("rpc", SecuritySettings.on(tmp.resolve("empty"), "rpc"), context, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rpc.key does not exist")
        .hasMessageContaining("mcli keygen");
  }
}
