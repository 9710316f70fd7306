package io.mercury.common.store.keys;

import static io.mercury.common.store.keys.StoreFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.security.Caller;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeySeal;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTest {
  @TempDir Path dir;
  private StoreFixture fx;
  private KeyStore keys;

  @BeforeEach
  void start() {
    fx = new StoreFixture(dir);
    keys = new KeyStore(fx.db, 3, fx.clock);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void aNewAgentKeyIsStoredPendingAsTheContractsDocument() {
    KeyEntry entry = keys.upsertPending(key(1), "m1", "host1", "10.0.0.1");

    assertThat(entry.status()).isEqualTo(KeyStatus.PENDING);
    Document raw = fx.db.getCollection("keys").find().first();
    assertThat(raw.keySet())
        .containsExactly(
            "_id", "name", "kind", "role", "status", "mercury_id", "hostname", "address",
            "created_at", "updated_at", "updated_by");
    assertThat(raw.getString("_id")).isEqualTo(key(1));
    assertThat(raw.getString("name")).isEqualTo("m1");
    assertThat(raw.getString("kind")).isEqualTo("agent");
    assertThat(raw.getString("role")).isEqualTo("agent");
    assertThat(raw.getString("status")).isEqualTo("pending");
    assertThat(raw.getDate("created_at").toInstant()).isEqualTo(fx.now.get());
    assertThat(keys.find(key(1))).contains(entry);
    assertThat(keys.find(key(2))).isEmpty();
  }

  @Test
  void theCollectionIsIndexedByNameAndStatus() {
    List<String> indexed = new ArrayList<>();
    fx.db.getCollection("keys").listIndexes().forEach(i -> indexed.addAll(((Document) i.get("key")).keySet()));
    assertThat(indexed).contains("name", "status");
  }

  @Test
  void enrollingAgainKeepsTheStatusAndRefreshesOnlyPendingDetails() {
    keys.upsertPending(key(1), "m1", "host1", null);
    assertThat(keys.upsertPending(key(1), "m1", "host1b", "10.0.0.2").hostname()).isEqualTo("host1b");

    keys.setStatus(key(1), KeyStatus.REJECTED, "alice");
    KeyEntry again = keys.upsertPending(key(1), "m1", "host1c", null);
    assertThat(again.status()).isEqualTo(KeyStatus.REJECTED);
    assertThat(again.hostname()).isEqualTo("host1b");
  }

  @Test
  void statusChangesFollowTheLifecycle() {
    keys.upsertPending(key(1), "m1", null, null);
    fx.advance(Duration.ofMinutes(1));

    List<KeyEntry> accepted = keys.setStatus(key(1), KeyStatus.ACCEPTED, "alice");
    assertThat(accepted).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(KeyStatus.ACCEPTED);
      assertThat(e.updatedBy()).isEqualTo("alice");
      assertThat(e.updatedAt()).isEqualTo(fx.now.get());
      assertThat(e.createdAt()).isBefore(e.updatedAt());
    });
    assertThat(keys.setStatus(key(1), KeyStatus.ACCEPTED, "bob")).as("already accepted").isEmpty();
    assertThat(keys.find(key(1)).orElseThrow().updatedBy()).isEqualTo("alice");

    assertThatThrownBy(() -> keys.setStatus(key(1), KeyStatus.REJECTED, "bob"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("cannot reject key")
        .hasMessageContaining("it is accepted; use revoke");

    assertThat(keys.setStatus("m1", KeyStatus.REVOKED, "bob")).singleElement()
        .extracting(KeyEntry::status).isEqualTo(KeyStatus.REVOKED);
    assertThatThrownBy(() -> keys.setStatus(key(1), KeyStatus.ACCEPTED, "bob"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("it is revoked; a revoked key stays revoked");
    assertThat(keys.find(key(1)).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
  }

  @Test
  void aRejectedKeyMayStillBeAcceptedButAPendingOneCannotBeRevoked() {
    keys.upsertPending(key(1), "m1", null, null);
    assertThatThrownBy(() -> keys.setStatus(key(1), KeyStatus.REVOKED, "bob"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("it is pending, it was never accepted; use reject");
    keys.setStatus(key(1), KeyStatus.REJECTED, "bob");
    assertThat(keys.setStatus(key(1), KeyStatus.ACCEPTED, "bob")).hasSize(1);
  }

  @Test
  void nothingSetsAKeyBackToPending() {
    keys.upsertPending(key(1), "m1", null, null);
    keys.setStatus(key(1), KeyStatus.ACCEPTED, "alice");
    assertThatThrownBy(() -> keys.setStatus(key(1), KeyStatus.PENDING, "alice"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("keys become pending only by enrolling");
    assertThat(keys.find(key(1)).orElseThrow().status()).isEqualTo(KeyStatus.ACCEPTED);
  }

  @Test
  void keysAreNamedByPublicKeyNameOrFingerprintPrefix() {
    keys.upsertPending(key(1), "m1", null, null);
    keys.upsertPending(key(2), "m2", null, null);
    String fingerprint = KeyEntry.fingerprint(key(2));

    assertThat(keys.resolve(key(1))).extracting(KeyEntry::name).containsExactly("m1");
    assertThat(keys.resolve("m2")).extracting(KeyEntry::publicKey).containsExactly(key(2));
    assertThat(keys.resolve(fingerprint.substring(0, 6))).extracting(KeyEntry::name).containsExactly("m2");
    assertThat(keys.resolve(fingerprint.toUpperCase(Locale.ROOT))).extracting(KeyEntry::name).containsExactly("m2");
    assertThatThrownBy(() -> keys.resolve(fingerprint.substring(0, 5)))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("no key has the public key, name or fingerprint '" + fingerprint.substring(0, 5) + "'");
    assertThatThrownBy(() -> keys.setStatus("nobody", KeyStatus.ACCEPTED, "alice"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("see mcli keys list");
    assertThatThrownBy(() -> keys.resolve(" ")).isInstanceOf(KeyStoreException.class);
  }

  @Test
  void aNameCoveringSeveralKeysChangesThoseTheChangeAppliesTo() {
    keys.upsertPending(key(1), "m1", null, null);
    keys.setStatus(key(1), KeyStatus.ACCEPTED, "alice");
    keys.setStatus(key(1), KeyStatus.REVOKED, "alice");
    keys.upsertPending(key(2), "m1", null, null);

    assertThat(keys.setStatus("m1", KeyStatus.ACCEPTED, "alice")).extracting(KeyEntry::publicKey)
        .containsExactly(key(2));
    assertThat(keys.find(key(1)).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
  }

  @Test
  void pendingKeysAreCappedButKnownKeysMayEnrolAgain() {
    for (int i = 1; i <= 3; i++) {
      keys.upsertPending(key(i), "m" + i, null, null);
    }
    assertThatThrownBy(() -> keys.upsertPending(key(4), "m4", null, null))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("too many keys are pending (3, the limit is 3)");
    assertThat(keys.find(key(4))).isEmpty();
    assertThat(keys.upsertPending(key(2), "m2", null, null).status()).isEqualTo(KeyStatus.PENDING);

    keys.setStatus(key(1), KeyStatus.REJECTED, "alice");
    assertThat(keys.upsertPending(key(4), "m4", null, null).status()).isEqualTo(KeyStatus.PENDING);
    assertThat(keys.list(Optional.of(KeyStatus.PENDING))).extracting(KeyEntry::name)
        .containsExactly("m2", "m3", "m4");
    assertThat(keys.list(Optional.empty())).hasSize(4);
  }

  @Test
  void pendingKeysAreCappedPerSourceAddress() {
    KeyStore limited = new KeyStore(fx.db, new KeyStore.EnrolmentLimits(10, 2, Duration.ofHours(24), Duration.ofDays(30)), fx.clock);
    limited.upsertPending(key(1), "m1", null, "10.0.0.9");
    limited.upsertPending(key(2), "m2", null, "10.0.0.9");
    assertThatThrownBy(() -> limited.upsertPending(key(3), "m3", null, "10.0.0.9"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("too many keys from 10.0.0.9 are pending (2, the limit per address is 2)");
    // another address, and an address nobody knows, are not held back by that one
    assertThat(limited.upsertPending(key(4), "m4", null, "10.0.0.10").status()).isEqualTo(KeyStatus.PENDING);
    assertThat(limited.upsertPending(key(5), "m5", null, null).status()).isEqualTo(KeyStatus.PENDING);
    assertThat(limited.find(key(3))).isEmpty();
  }

  @Test
  void pendingKeysExpireAndRejectedKeysArePrunedAfterTheirRetention() {
    KeyStore limited = new KeyStore(fx.db, new KeyStore.EnrolmentLimits(2, 2, Duration.ofHours(24), Duration.ofDays(30)), fx.clock);
    limited.upsertPending(key(1), "m1", null, null);
    limited.upsertPending(key(2), "m2", null, null);
    limited.setStatus(key(2), KeyStatus.REJECTED, "alice");
    limited.upsertPending(key(3), "m3", null, null);
    fx.advance(Duration.ofHours(25));
    // the global cap was full; the expired pending keys make room for a real agent
    assertThat(limited.upsertPending(key(4), "m4", null, null).status()).isEqualTo(KeyStatus.PENDING);
    assertThat(limited.find(key(1))).isEmpty();
    assertThat(limited.find(key(3))).isEmpty();
    assertThat(limited.find(key(2))).map(KeyEntry::status).contains(KeyStatus.REJECTED);
    fx.advance(Duration.ofDays(30));
    assertThat(limited.expire()).isEqualTo(2); // the rejected key, and key 4 now pending for 30 days
    assertThat(limited.list(Optional.empty())).isEmpty();
  }

  @Test
  void withASealOnlyRecordsADaemonWroteCountAndACopiedOperatorRecordIsIgnored() throws Exception {
    KeySeal.ensure(dir.resolve("keys"));
    KeyStore sealed = new KeyStore(fx.db, KeyStore.EnrolmentLimits.DEFAULTS, fx.clock, KeySeal.in(dir.resolve("keys")));
    Instant t = fx.clock.instant();
    sealed.ensureAccepted(new KeyEntry(key(1), "alice", KeyKind.OPERATOR, Role.ADMIN, KeyStatus.ACCEPTED, null, null, null, t, t, "config"));
    sealed.acceptAgent(key(2), "m2", null, null, "token");
    assertThat(sealed.list(Optional.of(KeyStatus.ACCEPTED))).extracting(KeyEntry::publicKey).containsExactly(key(1), key(2));

    // a local user with the store's port copies the admin's record under a key of their own...
    Document copy = fx.db.getCollection(KeyStore.COLLECTION).find(new Document("_id", key(1))).first();
    copy.put("_id", key(3));
    fx.db.getCollection(KeyStore.COLLECTION).insertOne(copy);
    // ...makes an agent key admin, and writes a fresh record with no seal at all
    fx.db.getCollection(KeyStore.COLLECTION).updateOne(new Document("_id", key(2)), new Document("$set", new Document("role", "admin")));
    fx.db.getCollection(KeyStore.COLLECTION).insertOne(KeyDocuments.toDocument(
        new KeyEntry(key(4), "mallory", KeyKind.OPERATOR, Role.ADMIN, KeyStatus.ACCEPTED, null, null, null, t, t, "config")));

    assertThat(sealed.list(Optional.of(KeyStatus.ACCEPTED))).extracting(KeyEntry::publicKey).containsExactly(key(1));
    assertThat(sealed.find(key(3))).isEmpty();
    assertThat(sealed.find(key(4))).isEmpty();
    try (StoreAllowList allowList = new StoreAllowList(sealed)) {
      assertThat(allowList.caller(key(1))).isPresent();
      assertThat(allowList.caller(key(2))).isEmpty();
      assertThat(allowList.caller(key(3))).isEmpty();
      assertThat(allowList.caller(key(4))).isEmpty();
    }
    // a store without the seal (another deployment's daemon) trusts them all: the seal is what protects
    assertThat(keys.find(key(4))).isPresent();
  }

  @Test
  void aDaemonsOwnKeyIsResealedOverAnUnsealedRecordUnlessThatRecordCutsItOff() {
    KeySeal.ensure(dir.resolve("keys"));
    KeyStore sealed = new KeyStore(fx.db, KeyStore.EnrolmentLimits.DEFAULTS, fx.clock, KeySeal.in(dir.resolve("keys")));
    Instant t = fx.clock.instant();
    KeyEntry inventory = new KeyEntry(key(1), "inventory", KeyKind.SERVICE, Role.SERVICE, KeyStatus.ACCEPTED, null, null, null, t, t, "config");
    KeyEntry boot = new KeyEntry(key(2), "boot", KeyKind.SERVICE, Role.SERVICE, KeyStatus.ACCEPTED, null, null, null, t, t, "config");
    keys.ensureAccepted(inventory); // written before sealing was turned on
    keys.ensureAccepted(boot);
    keys.setStatus(key(2), KeyStatus.REVOKED, "alice");

    assertThat(sealed.ensureAccepted(inventory).status()).isEqualTo(KeyStatus.ACCEPTED);
    assertThat(sealed.find(key(1))).map(KeyEntry::status).contains(KeyStatus.ACCEPTED);
    assertThat(sealed.ensureAccepted(boot).status()).isEqualTo(KeyStatus.REVOKED);
    assertThat(sealed.find(key(2))).isEmpty();
  }

  @Test
  void theSealFileIsTheOwnersOnly() throws Exception {
    Path keysDir = dir.resolve("keys");
    assertThat(KeySeal.ensure(keysDir)).isTrue();
    assertThat(KeySeal.ensure(keysDir)).isFalse();
    assertThat(java.nio.file.Files.getPosixFilePermissions(keysDir.resolve(KeySeal.FILE_NAME)))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    java.nio.file.Files.setPosixFilePermissions(keysDir.resolve(KeySeal.FILE_NAME), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeySeal.in(keysDir)).hasMessageContaining("can be read by others");
    assertThat(KeySeal.in(dir.resolve("nothing-here")).enabled()).isFalse();
  }

  @Test
  void deletingADeviceRevokesTheKeysBoundToItOnly() {
    keys.acceptAgent(key(1), "m1", null, null, "token");
    keys.acceptAgent(key(2), "m2", null, null, "token");
    keys.upsertPending(key(3), "m1", null, null);
    assertThat(keys.boundTo("m1")).extracting(KeyEntry::publicKey).containsExactly(key(1));
    assertThat(keys.revokeDevice("m1", "alice")).extracting(KeyEntry::publicKey).containsExactly(key(1));
    assertThat(keys.find(key(1))).map(KeyEntry::status).contains(KeyStatus.REVOKED);
    assertThat(keys.find(key(2))).map(KeyEntry::status).contains(KeyStatus.ACCEPTED);
    assertThat(keys.find(key(3))).map(KeyEntry::status).contains(KeyStatus.PENDING);
    assertThat(keys.boundTo("m1")).isEmpty();
    assertThat(keys.revokeDevice("m1", "alice")).isEmpty();
  }

  @Test
  void aTokenAcceptsNewAndPendingKeysButNeverOverrulesAnOperator() {
    assertThat(keys.acceptAgent(key(1), "m1", "h1", null, "token").status()).isEqualTo(KeyStatus.ACCEPTED);
    keys.upsertPending(key(2), "m2", null, null);
    KeyEntry second = keys.acceptAgent(key(2), "m2", "h2", null, "token");
    assertThat(second.status()).isEqualTo(KeyStatus.ACCEPTED);
    assertThat(second.hostname()).isEqualTo("h2");
    assertThat(second.updatedBy()).isEqualTo("token");

    keys.upsertPending(key(3), "m3", null, null);
    keys.setStatus(key(3), KeyStatus.REJECTED, "alice");
    assertThat(keys.acceptAgent(key(3), "m3", null, null, "token").status()).isEqualTo(KeyStatus.REJECTED);
  }

  @Test
  void configuredKeysAreAcceptedUnlessTheStoreCutThemOff() {
    Instant t = fx.now.get();
    KeyEntry backend =
        new KeyEntry(key(1), "backend", KeyKind.SERVICE, Role.SERVICE, KeyStatus.ACCEPTED,
            null, null, null, t, t, "config");
    assertThat(keys.ensureAccepted(backend).status()).isEqualTo(KeyStatus.ACCEPTED);
    assertThat(keys.ensureAccepted(backend).status()).isEqualTo(KeyStatus.ACCEPTED);

    KeyEntry alice =
        new KeyEntry(key(2), "alice", KeyKind.OPERATOR, Role.OPERATOR, KeyStatus.ACCEPTED,
            null, null, null, t, t, "config");
    keys.ensureAccepted(alice);
    KeyEntry promoted = keys.ensureAccepted(
        new KeyEntry(key(2), "alice", KeyKind.OPERATOR, Role.ADMIN, KeyStatus.ACCEPTED,
            null, null, null, t, t, "config"));
    assertThat(promoted.role()).isEqualTo(Role.ADMIN);
    assertThat(promoted.caller()).isEqualTo(new Caller("alice", key(2), Role.ADMIN));

    keys.setStatus("alice", KeyStatus.REVOKED, "bob");
    assertThat(keys.ensureAccepted(alice).status()).isEqualTo(KeyStatus.REVOKED);
  }

  @Test
  void aMalformedDocumentIsReportedWithItsKey() {
    fx.db.getCollection("keys").insertOne(new Document("_id", key(9)).append("name", "x").append("status", "odd"));
    assertThatThrownBy(() -> keys.find(key(9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key document " + key(9) + " is malformed");
  }
}
