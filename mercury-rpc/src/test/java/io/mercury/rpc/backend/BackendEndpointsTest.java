package io.mercury.rpc.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import io.mercury.common.dispatch.EndpointHandler;
import io.mercury.common.dispatch.TryAgainException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** An agent's report that meets a store outage must be retried by the agent, not set aside. */
class BackendEndpointsTest {
  @Test
  void aReportThatMeetsAStoreOutageIsAnsweredServerBusy() {
    EndpointHandler storeAway =
        BackendEndpoints.untilTheStoreAnswers(
            a -> {
              throw new CompletionException(new MongoSocketReadException("Exception receiving message", new ServerAddress("127.0.0.1", 27017)));
            });
    assertThatThrownBy(() -> storeAway.handle(null))
        .isInstanceOf(TryAgainException.class)
        .hasMessage("Server busy, the store is unavailable (Exception receiving message); try again later");
  }

  @Test
  void otherFailuresAndResultsPassUnchanged() throws Exception {
    EndpointHandler bug = BackendEndpoints.untilTheStoreAnswers(a -> {
      throw new IllegalStateException("bug");
    });
    assertThatThrownBy(() -> bug.handle(null)).isExactlyInstanceOf(IllegalStateException.class).hasMessage("bug");
    assertThat(BackendEndpoints.untilTheStoreAnswers(a -> "recorded").handle(null)).isEqualTo("recorded");
  }
}
