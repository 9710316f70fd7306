package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security issue 14's F13 with CURVE off (the original's plaintext wire, where nothing is authenticated),
 * against the stack as real processes: device A's agent dies, and device B's Mercury agent comes up on
 * A's address and ports, as when DHCP gives a dead server's address to a new one. A job for A, created
 * while the backend still counts A as active, never runs on B: B refuses a task naming another device
 * (status 6) and names itself in its pongs, so A becomes inactive within the liveness window. (An
 * original agent neither checks nor names itself; there only CURVE protects, docs/security.md.)
 */
@Tag("e2e")
class PlaintextAddressReuseTest {

  @Test
  void aNewServerAtADeadServersAddressNeverRunsItsTasksWithCurveOff(@TempDir Path home) throws Exception {
    assumeTrue(TestStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    try (TestStack stack = TestStack.plaintext(home).startCore()) {
      TestStack.Service rpc = stack.rpc("rpc");
      TestStack.Service backend = stack.backend("dc-a");
      TestStack.Agent dead = stack.agent("dead", backend, "00000000-0000-4000-8000-0000000000d1");
      int rpcPort = Integer.parseInt(dead.service().address().substring(dead.service().address().lastIndexOf(':') + 1));
      stack.kill9("dead");
      try (ServiceClient operator = stack.client(rpc.address())) {
        String jobId = null;
        try {
          Object created = operator.invoke(
              Request.of("create_job", Map.of("mercury_id", dead.mercuryId()), Map.of("method", "echo", "args", List.of("wrong-server"))), false);
          jobId = created instanceof Map<?, ?> m ? (String) m.get("job_id") : null;
        } catch (RemoteException e) {
          // the device is inactive already: nothing can run anywhere
        }
        TestStack.Agent newcomer = stack.agent("newcomer", backend, "00000000-0000-4000-8000-0000000000e2", rpcPort, dead.pongPort());

        await("the dead device inactive").atMost(Duration.ofSeconds(30)).until(() -> stack.activeOrigin(dead.mercuryId()) == null);
        if (jobId != null) {
          String job = jobId;
          await("the dead device's job complete").atMost(Duration.ofSeconds(90))
              .until(() -> ((Map<?, ?>) operator.invoke(Request.of("get_job", job), true)).get("time_completed") != null);
          List<?> tasks = (List<?>) ((Map<?, ?>) operator.invoke(Request.of("get_job_tasks", job), true)).get("tasks");
          assertThat(tasks).isNotEmpty().allSatisfy(t -> assertThat(((Map<?, ?>) t).get("status")).isNotEqualTo("SUCCESS"));
        }
        assertThat(stack.activeOrigin(newcomer.mercuryId())).isEqualTo("dc-a");
        assertThat(Files.readString(stack.layout().log("newcomer"))).doesNotContain("wrong-server");
        // the newcomer still runs its own tasks
        Object own = operator.invoke(
            Request.of("create_job", Map.of("mercury_id", newcomer.mercuryId()), Map.of("method", "echo", "args", List.of("right-server"))), false);
        String ownJob = (String) ((Map<?, ?>) own).get("job_id");
        await("the newcomer's own job complete").atMost(Duration.ofSeconds(60))
            .until(() -> ((Map<?, ?>) operator.invoke(Request.of("get_job", ownJob), true)).get("time_completed") != null);
        List<?> ownTasks = (List<?>) ((Map<?, ?>) operator.invoke(Request.of("get_job_tasks", ownJob), true)).get("tasks");
        assertThat(ownTasks).singleElement().satisfies(t -> assertThat(((Map<?, ?>) t).get("status")).isEqualTo("SUCCESS"));
      }
    }
  }
}
