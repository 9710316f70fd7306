package io.mercury.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md carries the inventory's option table exactly as the code declares it. */
class ConfigurationDocTest {
  @Test
  void theDocumentedOptionsAreTheDeclaredOnes() throws IOException {
    Path doc = Path.of(System.getProperty("mercury.test.root", "..")).resolve("docs/configuration.md");
    String table = InventoryConfig.spec().markdownTable();
    assertThat(Files.readString(doc))
        .as("docs/configuration.md must contain this table:%n%s", table)
        .contains(table);
  }
}
