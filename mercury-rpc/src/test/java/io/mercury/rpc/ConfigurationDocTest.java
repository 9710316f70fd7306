package io.mercury.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.rpc.backend.BackendConfig;
import io.mercury.rpc.frontend.FrontendConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md carries the frontend's and the backend's option tables exactly as the code declares them. */
class ConfigurationDocTest {
  private static String doc() throws IOException {
    return Files.readString(Path.of(System.getProperty("mercury.test.root", "..")).resolve("docs/configuration.md"));
  }

  @Test
  void theBackendsDocumentedOptionsAreTheDeclaredOnes() throws IOException {
    String table = BackendConfig.spec().markdownTable();
    assertThat(doc()).as("docs/configuration.md must contain this table:%n%s", table).contains(table);
  }

  @Test
  void theFrontendsDocumentedOptionsAreTheDeclaredOnes() throws IOException {
    String table = FrontendConfig.spec().markdownTable();
    assertThat(doc()).as("docs/configuration.md must contain this table:%n%s", table).contains(table);
  }
}
