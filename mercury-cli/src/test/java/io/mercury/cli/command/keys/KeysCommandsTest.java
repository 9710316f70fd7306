package io.mercury.cli.command.keys;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.testing.McliRun;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mcli keys against a real backend (and its key store), in this process. */
class KeysCommandsTest {
  private static final String ID_A = "00" + "a".repeat(40);
  private static final String ID_B = "00" + "b".repeat(40);
  private static TestingInventory inventory;
  private static TestingRpc rpc;
  private static int round;
  private String keyA;
  private String keyB;

  @BeforeAll
  static void startBackend() {
    inventory = TestingInventory.start();
    rpc = TestingRpc.start(inventory.endpoint());
  }

  @AfterAll
  static void stopBackend() {
    rpc.close();
    inventory.close();
  }

  /** Fresh keys per test, both pending (the store is shared by the class). */
  @BeforeEach
  void twoPendingKeys() {
    round++;
    for (KeyEntry e : rpc.keys().list(Optional.of(KeyStatus.PENDING))) {
      rpc.keys().setStatus(e.publicKey(), KeyStatus.REJECTED, "test");
    }
    keyA = ("A" + round + "x".repeat(40)).substring(0, 40);
    keyB = ("B" + round + "y".repeat(40)).substring(0, 40);
    rpc.keys().upsertPending(keyA, ID_A + round, "host-a", null);
    rpc.keys().upsertPending(keyB, ID_B + round, "host-b", null);
  }

  private static McliRun run(String... args) {
    return mcli("", Map.of(KeysCommand.BACKEND_ENV, rpc.backendEndpoint(), "SECURITY_CURVE", "off"), args);
  }

  private static String fp(String key) {
    return KeyEntry.fingerprint(key).substring(0, 16);
  }

  @Test
  void listShowsATableOrJsonAndFiltersByStatus() {
    McliRun all = run("keys", "list");
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out().lines().findFirst().orElseThrow())
        .matches("FINGERPRINT +NAME +KIND +ROLE +STATUS +UPDATED");
    assertThat(all.out()).containsPattern(fp(keyA) + " +" + ID_A + round + " +agent +agent +pending +\\d{4}-\\d\\d-\\d\\dT");

    McliRun pending = run("keys", "list", "--status", "pending", "--json");
    assertThat(pending.exitCode()).isZero();
    assertThat(pending.out().lines().toList()).hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("\"status\":\"pending\""));
    assertThat(pending.out()).contains("\"public_key\":\"" + keyA + "\"");

    McliRun bad = run("keys", "list", "--status", "maybe");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--status must be pending, accepted, rejected or revoked");
  }

  @Test
  void acceptRejectAndRevokeByFingerprintOrName() {
    McliRun accept = run("keys", "accept", fp(keyA).substring(0, 8));
    assertThat(accept.exitCode()).as(accept.err()).isZero();
    assertThat(accept.out()).isEqualTo("accepted  " + fp(keyA) + "  " + ID_A + round + "\n");
    assertThat(rpc.keys().find(keyA).orElseThrow().status()).isEqualTo(KeyStatus.ACCEPTED);

    McliRun again = run("keys", "accept", keyA);
    assertThat(again.exitCode()).isZero();
    assertThat(again.err()).contains("already accepted: " + fp(keyA));

    McliRun reject = run("keys", "reject", ID_B + round);
    assertThat(reject.exitCode()).isZero();
    assertThat(rpc.keys().find(keyB).orElseThrow().status()).isEqualTo(KeyStatus.REJECTED);

    McliRun revokeRejected = run("keys", "revoke", keyB);
    assertThat(revokeRejected.exitCode()).isEqualTo(1);
    assertThat(revokeRejected.err()).contains("mcli: cannot revoke key " + fp(keyB)).contains("it was never accepted");

    McliRun revoke = run("keys", "revoke", ID_A + round);
    assertThat(revoke.exitCode()).isZero();
    assertThat(revoke.out()).startsWith("revoked  " + fp(keyA));
  }

  @Test
  void unknownKeysChangeNothingAndFail() {
    McliRun r = run("keys", "accept", keyA, "no-such-agent");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no key has the public key, name or fingerprint 'no-such-agent'").contains("changed nothing");
    assertThat(rpc.keys().find(keyA).orElseThrow().status()).isEqualTo(KeyStatus.PENDING);

    McliRun none = run("keys", "accept");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("give the keys to accept").contains("--all-pending");
  }

  @Test
  void allPendingAcceptsEveryWaitingKey() {
    McliRun r = run("keys", "accept", "--all-pending");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).hasSize(2);
    assertThat(rpc.keys().list(Optional.of(KeyStatus.PENDING))).isEmpty();

    McliRun nothing = run("keys", "reject", "--all-pending");
    assertThat(nothing.exitCode()).isZero();
    assertThat(nothing.err()).contains("no keys are pending");
  }

  @Test
  void aTokenIsPrintedOnceAndWorks() {
    McliRun r = run("keys", "token", "--ttl", "30m", "--uses", "2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String token = r.out().strip();
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(r.err()).contains("token " + EnrolmentTokens.id(token) + ": 2 use(s) until ").contains("not shown again");
    assertThat(rpc.tokens().redeem(token)).isEqualTo(EnrolmentTokens.Redemption.REDEEMED);

    McliRun bad = run("keys", "token", "--ttl", "forever");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--ttl must be an age such as 90s, 30m, 1h or 7d");
  }

  @Test
  void anUnreachableOrBadBackendIsReported() {
    McliRun down = mcli("", Map.of(KeysCommand.BACKEND_ENV, "tcp://127.0.0.1:1", "SECURITY_CURVE", "off"), "--timeout", "0.5", "keys", "list");
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.err()).contains("mcli: cannot reach the backend at tcp://127.0.0.1:1");

    McliRun bad = run("keys", "list", "--backend", "backend:9002");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--backend 'backend:9002' is not a ZeroMQ address");
  }
}
