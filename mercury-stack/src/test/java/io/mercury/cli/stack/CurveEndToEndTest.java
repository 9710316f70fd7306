package io.mercury.cli.stack;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mercury.cli.client.Endpoints;
import io.mercury.cli.testing.McliRun;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * mcli through real processes with CURVE on: the operator key reaches the frontend, the frontend the
 * backend, the backend the agent (with the key it registered); a key nobody accepted and a plaintext
 * mcli get nothing.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurveEndToEndTest {
  private TestStack stack;
  private TestStack.Service rpc;
  private Map<String, String> env;

  @BeforeAll
  void start(@TempDir Path home) throws Exception {
    assumeTrue(TestStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    stack = new TestStack(home).startCore();
    rpc = stack.rpc("rpc");
    TestStack.Service backend = stack.backend("dc-a");
    stack.agent("agent-1", backend, "00000000-0000-4000-8000-0000000000c1");
    env = new HashMap<>(stack.mcliEnv());
    env.put(Endpoints.RPC_ENV, rpc.address());
    env.put(Endpoints.INVENTORY_ENV, stack.inventory());
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void mcliRunsAnEchoOnTheAgentOverCurve() {
    McliRun run = mcli("", env, "--timeout", "20", "rpc", "--all", "echo", "curve-ok");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("curve-ok");
  }

  @Test
  void anOperatorKeyNobodyAcceptedGetsNothing(@TempDir Path other) throws Exception {
    for (String service : new String[] {"rpc", "inventory"}) {
      Files.copy(KeyFiles.publicFile(stack.keysDir(), service), KeyFiles.publicFile(other, service));
    }
    KeyFiles.save(other, "operator", CurveKeyPair.generate(), Map.of("role", "admin"));
    Map<String, String> stranger = new HashMap<>(env);
    stranger.put("SECURITY_KEYS_DIR", other.toString());
    McliRun run = mcli("", stranger, "--timeout", "2", "rpc", "jobs");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach rpc").contains("no ZeroMQ handshake completed within ").contains("(with CURVE: this key, ");
  }

  @Test
  void aPlaintextMcliGetsNothing() {
    Map<String, String> plain = new HashMap<>(env);
    plain.put("SECURITY_CURVE", "off");
    McliRun run = mcli("", plain, "--timeout", "2", "inventory", "count");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no ZeroMQ handshake completed within").contains("(CURVE is off here; does the service expect CURVE?)");
  }

  @Test
  void aMissingOperatorKeySaysWhichFileAndHowToCreateIt(@TempDir Path empty) {
    Map<String, String> nokey = new HashMap<>(env);
    nokey.put("SECURITY_KEYS_DIR", empty.toString());
    McliRun run = mcli("", nokey, "--timeout", "2", "inventory", "count");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(empty.resolve("operator.key").toString()).contains("mcli keygen");
  }
}
