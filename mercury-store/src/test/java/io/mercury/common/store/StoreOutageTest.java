package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StoreOutageTest {
  @Test
  void aStoreThatIsAwayIsAnOutageEvenWhenWrapped() {
    MongoSocketReadException read = new MongoSocketReadException("Exception receiving message", new ServerAddress("127.0.0.1", 1));
    assertThat(StoreOutage.of(new CompletionException(read))).containsSame(read);
    assertThat(StoreOutage.of(new MongoTimeoutException("no server selected within 5000 ms"))).isPresent();
  }

  @Test
  void aStoreThatAnsweredWithARefusalIsNot() {
    assertThat(StoreOutage.of(new MongoException(11000, "E11000 duplicate key"))).isEmpty();
    assertThat(StoreOutage.of(new IllegalStateException("bug"))).isEmpty();
  }
}
