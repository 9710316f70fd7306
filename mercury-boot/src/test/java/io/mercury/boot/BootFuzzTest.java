package io.mercury.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.fuzz.HttpFuzzer;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * Seeded hostile HTTP against the boot service: random methods, traversal, junk query strings, huge and
 * malformed headers (Range on an image file), bad bodies and slowloris connections. No answer is a 5xx
 * or shows a stack trace, and afterwards the discovery script and a ranged image read still come back
 * right. Replay with {@code -Dmercury.fuzz.seed=N -Dmercury.fuzz.messages=M}.
 */
class BootFuzzTest {
  private static final long SEED = Long.getLong("mercury.fuzz.seed", 20261201L);
  private static final int REQUESTS = Integer.getInteger("mercury.fuzz.messages", 300);

  @TempDir Path files;

  @Test
  void hostileRequestsGetClientErrorsAndTheServiceKeepsAnswering() throws Exception {
    Files.write(files.resolve("vmlinuz"), BootServiceTest.bytes(1000));
    try (TestingInventory inventory = TestingInventory.start();
        ZContext context = new ZContext();
        ServiceClient client = new ServiceClient(context, inventory.endpoint(), ClientSettings.defaults("inventory"))) {
      BootService boot = BootService.start("127.0.0.1", 0, new BootDecider(new DeviceDirectory(client), BootServiceTest.IMAGE, AgentCredentials.none()), files, e -> {});
      try {
        HttpFuzzer fuzzer = new HttpFuzzer(new Random(SEED), "127.0.0.1", boot.port(), 10_000);
        List<Socket> slow = fuzzer.slowloris(50);
        try {
          HttpFuzzer.Result result =
              fuzzer.fuzz(List.of("/boot", "/boot/discover/52:54:00:00:00:01", "/boot/discover/zz", "/files/vmlinuz", "/files/missing", "/files"), REQUESTS);
          assertThat(result.serverErrors()).as(result.firstServerError() + " (seed " + SEED + ")").isZero();
          assertThat(result.answered()).as("answered of " + result.sent()).isGreaterThan(result.sent() / 2);

          HttpFuzzer.Response discovery = fuzzer.get("/boot");
          assertThat(discovery.status()).isEqualTo(200);
          assertThat(discovery.body()).startsWith("#!ipxe\necho MERCURY BOOT DISCOVERY");
          HttpFuzzer.Response part = fuzzer.get("/files/vmlinuz", "Range: bytes=10-19");
          assertThat(part.status()).isEqualTo(206);
          assertThat(part.body()).hasSize(10);
        } finally {
          for (Socket s : slow) {
            s.close();
          }
        }
      } finally {
        boot.close();
      }
    }
  }
}
