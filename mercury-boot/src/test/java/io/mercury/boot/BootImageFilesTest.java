package io.mercury.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * Security finding F10: a symbolic link in the image directory to {@code /etc/passwd} was served, and
 * {@code Range: bytes=99999999999999999999-} was a 500 that carried the exception's text.
 */
class BootImageFilesTest {
  @TempDir Path dir;
  Path files;
  TestingInventory inventory;
  ZContext context;
  ServiceClient client;
  BootService boot;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    files = Files.createDirectories(dir.resolve("files"));
    Files.write(files.resolve("vmlinuz"), BootServiceTest.bytes(1000));
    inventory = TestingInventory.start();
    context = new ZContext();
    client = new ServiceClient(context, inventory.endpoint(), ClientSettings.defaults("inventory"));
    boot = BootService.start("127.0.0.1", 0, new BootDecider(new DeviceDirectory(client), BootServiceTest.IMAGE, AgentCredentials.none()), files, e -> {});
  }

  @AfterEach
  void stop() {
    boot.close();
    client.close();
    context.close();
    inventory.close();
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + boot.port() + path)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void assertNoExceptionText(HttpResponse<String> r) {
    assertThat(r.body()).doesNotContain("Exception", "\tat ", "For input string", "java.", "org.eclipse", "io.mercury");
  }

  @Test
  void aLinkToAFileOutsideTheDirectoryIsNotServed() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "root:x:0:0:secret\n");
    Files.createSymbolicLink(files.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(files.resolve("secret"), secret);
    Files.createSymbolicLink(files.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(files.resolve("dangling"), dir.resolve("nothing-here"));
    for (String name : List.of("passwd", "secret", "up", "dangling")) {
      HttpResponse<String> r = get("/files/" + name);
      assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(404);
      assertThat(r.body()).isEqualTo("not found: /files/" + name + "\n");
      assertNoExceptionText(r);
      HttpResponse<String> head =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + boot.port() + "/files/" + name)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aLinkWithinTheDirectoryIsServed() throws Exception {
    Files.createSymbolicLink(files.resolve("vmlinuz-current"), Path.of("vmlinuz"));
    HttpResponse<byte[]> r =
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + boot.port() + "/files/vmlinuz-current")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(BootServiceTest.bytes(1000));
  }

  @Test
  void unsatisfiableAndMalformedRangesAre416WithTheSize() throws Exception {
    for (String range : List.of("bytes=99999999999999999999-", "bytes=99999999999999999999-99999999999999999999", "bytes=1000-", "bytes=-0",
        "bytes=5-1", "bytes=a-b", "bytes=-", "chars=0-10", "bytes=0-0,5-6", "bytes=00000000000000000000001000-")) {
      HttpResponse<String> r = get("/files/vmlinuz", "Range", range);
      assertThat(r.statusCode()).as(range + ": " + r.body()).isEqualTo(416);
      assertThat(r.headers().firstValue("Content-Range")).as(range).hasValue("bytes */1000");
      assertThat(r.body()).isEqualTo("range not satisfiable; the file has 1000 bytes\n");
      assertNoExceptionText(r);
    }
  }

  @Test
  void rangesPastTheEndAreCutToTheFile() throws Exception {
    HttpResponse<String> open = get("/files/vmlinuz", "Range", "bytes=990-99999999999999999999");
    assertThat(open.statusCode()).isEqualTo(206);
    assertThat(open.headers().firstValue("Content-Range")).hasValue("bytes 990-999/1000");
    HttpResponse<String> suffix = get("/files/vmlinuz", "Range", "bytes=-99999999999999999999");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 0-999/1000");
    HttpResponse<String> zeros = get("/files/vmlinuz", "Range", "bytes=000000000000000000000000010-0000000000000000000000019");
    assertThat(zeros.headers().firstValue("Content-Range")).hasValue("bytes 10-19/1000");
  }
}
