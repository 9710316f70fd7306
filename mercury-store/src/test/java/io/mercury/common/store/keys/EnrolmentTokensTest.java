package io.mercury.common.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.store.keys.EnrolmentTokens.Redemption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrolmentTokensTest {
  @TempDir Path dir;
  private StoreFixture fx;
  private EnrolmentTokens tokens;

  @BeforeEach
  void start() {
    fx = new StoreFixture(dir);
    tokens = new EnrolmentTokens(fx.db, fx.clock);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void aTokenIsRandomUrlSafeAndStoredOnlyAsItsHash() {
    EnrolmentTokens.Minted a = tokens.create(Duration.ofMinutes(30), 1, "alice");
    EnrolmentTokens.Minted b = tokens.create(Duration.ofMinutes(30), 1, "alice");

    assertThat(a.token()).isNotEqualTo(b.token()).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(a.token())).hasSize(32);
    assertThat(a.expiresAt()).isEqualTo(fx.now.get().plus(Duration.ofMinutes(30)));
    List<Document> stored = fx.db.getCollection("enrolment_tokens").find().into(new ArrayList<>());
    assertThat(stored).hasSize(2);
    for (Document doc : stored) {
      assertThat(doc.toJson()).doesNotContain(a.token()).doesNotContain(b.token());
      assertThat(doc.keySet()).containsExactly("_id", "expires_at", "uses_left", "created_by", "created_at");
      assertThat(doc.getString("created_by")).isEqualTo("alice");
    }
    assertThat(stored).extracting(d -> d.getString("_id"))
        .contains(EnrolmentTokens.hash(a.token()))
        .allMatch(h -> h.matches("[0-9a-f]{64}"));
    assertThat(a.id()).isEqualTo(EnrolmentTokens.hash(a.token()).substring(0, 12));
  }

  @Test
  void eachUseIsCountedAndTheLastUseEndsTheToken() {
    String token = tokens.create(Duration.ofHours(1), 2, "alice").token();
    assertThat(tokens.redeem(token)).isEqualTo(Redemption.REDEEMED);
    assertThat(tokens.redeem(" " + token + "\n")).isEqualTo(Redemption.REDEEMED);
    assertThat(tokens.redeem(token)).isEqualTo(Redemption.USED_UP);
    assertThat(fx.db.getCollection("enrolment_tokens").find().first().getInteger("uses_left")).isZero();
  }

  @Test
  void anExpiredTokenIsRefusedEvenWithUsesLeft() {
    String token = tokens.create(Duration.ofMinutes(30), 5, "alice").token();
    fx.advance(Duration.ofMinutes(30));
    assertThat(tokens.redeem(token)).isEqualTo(Redemption.EXPIRED);
    assertThat(Redemption.EXPIRED.reason()).contains("expired");
  }

  @Test
  void unknownAndEmptyTokensAreRefused() {
    tokens.create(Duration.ofMinutes(30), 1, "alice");
    assertThat(tokens.redeem("not-a-token")).isEqualTo(Redemption.UNKNOWN);
    assertThat(tokens.redeem("")).isEqualTo(Redemption.UNKNOWN);
    assertThat(tokens.redeem(null)).isEqualTo(Redemption.UNKNOWN);
  }

  @Test
  void twoAgentsCannotBothSpendAOneUseToken() throws Exception {
    int agents = 8;
    ExecutorService pool = Executors.newFixedThreadPool(agents);
    try {
      for (int round = 0; round < 5; round++) {
        String token = tokens.create(Duration.ofMinutes(5), 1, "alice").token();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Redemption>> results = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
          Callable<Redemption> redeem = () -> {
            go.await();
            return tokens.redeem(token);
          };
          results.add(pool.submit(redeem));
        }
        go.countDown();
        List<Redemption> outcomes = new ArrayList<>();
        for (Future<Redemption> f : results) {
          outcomes.add(f.get());
        }
        assertThat(outcomes).filteredOn(r -> r == Redemption.REDEEMED).hasSize(1);
        assertThat(outcomes).filteredOn(r -> r == Redemption.USED_UP).hasSize(agents - 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void outOfRangeLifetimesAndUsesAreRefused() {
    assertThatThrownBy(() -> tokens.create(Duration.ZERO, 1, "a")).hasMessageContaining("lifetime");
    assertThatThrownBy(() -> tokens.create(Duration.ofDays(31), 1, "a")).hasMessageContaining("at most 30 days");
    assertThatThrownBy(() -> tokens.create(Duration.ofHours(1), 0, "a")).hasMessageContaining("between 1 and");
    assertThat(fx.db.getCollection("enrolment_tokens").countDocuments()).isZero();
  }

  @Test
  void expiredTokensAreRemovedByATtlIndex() {
    List<Document> indexes = fx.db.getCollection("enrolment_tokens").listIndexes().into(new ArrayList<>());
    assertThat(indexes)
        .anySatisfy(i -> {
          assertThat(((Document) i.get("key")).keySet()).containsExactly("expires_at");
          assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isZero();
        });
  }
}
