package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.security.CurveKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend key reaches a booted agent on its kernel command line, as the boot service writes it. */
class AgentSecurityTest {
  @TempDir Path dir;

  private AgentSecurity fromCmdline(String cmdline) throws Exception {
    Path file = dir.resolve("cmdline");
    Files.writeString(file, "MERCURY_BACKEND=tcp://127.0.0.1:9002 " + cmdline + "\n");
    return AgentSecurity.from(ConfigLoader.load(AgentConfig.spec(), new String[0], Map.of(), file), dir.resolve("state"));
  }

  @Test
  void aHexBackendKeyFromTheKernelCommandLineIsTheZ85KeyTheSocketsUse() throws Exception {
    String z85 = CurveKeyPair.generate().publicKey();

    AgentSecurity security = fromCmdline("console=ttyS0 MERCURY_BACKEND_KEY=" + CurveKeyPair.toHex(z85));

    assertThat(security.backendKeys()).containsExactly(z85);
    assertThat(fromCmdline("MERCURY_BACKEND_KEY=" + z85).backendKeys()).containsExactly(z85);
  }

  @Test
  void aKeyInNeitherFormIsRefusedWithBothFormsNamed() {
    assertThatThrownBy(() -> fromCmdline("MERCURY_BACKEND_KEY=abcd"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a CURVE public key (40 Z85 characters or 64 hex digits)");
  }
}
