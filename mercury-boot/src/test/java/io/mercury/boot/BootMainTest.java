package io.mercury.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.Configuration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The original's mercury-boot keys configure the agent script. */
class BootMainTest {
  @Test
  void theOriginalsKeysMakeTheAgentScript() throws Exception {
    Configuration cfg =
        ConfigLoader.load(
            BootConfig.spec(),
            new String[] {"--agent-file-server-url", "http://boot:5000/files/", "--agent-rootfs-option", "fetch", "--inventory-router", "tcp://inv:9000"},
            Map.of("MBOOT_PORT", "5050", "AGENT_BACKEND_URL_CMDLINE", "tcp://be:9002"),
            null);
    assertThat(cfg.integer("port")).isEqualTo(5050L);
    assertThat(cfg.string("host")).isEqualTo("127.0.0.1");
    assertThat(cfg.string("inventory.inventory_router")).isEqualTo("tcp://inv:9000");
    assertThat(BootConfig.from(cfg).image().agentScript(""))
        .isEqualTo(
            "#!ipxe\necho BOOTING MERCURY AGENT\n"
                + "kernel http://boot:5000/files/vmlinuz initrd=initrd fetch=http://boot:5000/files/mercury-agent.sqfs MERCURY_BACKEND=tcp://be:9002\n"
                + "initrd http://boot:5000/files/initrd\nboot || shell\n");
  }

  @Test
  void theFileServerAndRootfsOptionAreRequired() {
    assertThatThrownBy(() -> ConfigLoader.load(BootConfig.spec(), new String[0], Map.of(), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("agent.file_server_url");
  }
}
