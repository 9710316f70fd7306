package io.mercury.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.inspector.collect.Collector;
import io.mercury.inspector.collect.Sources;
import io.mercury.inspector.document.RaidAdapters;
import io.mercury.inspector.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InspectorTest {
  private static String sha1(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void aServerIsIdentifiedByItsDmiUuid() throws Exception {
    Map<String, Object> doc = new Inspector(Fixtures.sources("dell-r640"), Inspector.standardCollectors()).inspect();
    assertThat(doc.get("mercury_id")).isEqualTo("01" + sha1("4c4c4544-0047-4a10-804b-b8c04f334d33"));
    assertThat(doc.keySet())
        .containsExactly(
            "mercury_id", "agent_info", "cpu", "dmi", "interfaces", "mem", "os_storage", "pci", "routes", "bmc", "system_health",
            "raid");
  }

  @Test
  void aMachineWithoutDmiIsIdentifiedByItsMacs() throws Exception {
    Map<String, Object> doc = new Inspector(Fixtures.sources("kvm-guest"), Inspector.standardCollectors()).inspect();
    assertThat(doc.get("dmi")).isNull();
    assertThat(doc.get("mercury_id")).isEqualTo("00" + sha1("52:54:00:6b:3c:0102:42:ac:11:00:01"));
  }

  @Test
  void everyCollectorsKeyIsAnAgentOwnedField() throws Exception {
    // the backend lets an agent write only these fields: a new collector must be declared there
    assertThat(Inspector.standardCollectors())
        .extracting(Collector::key)
        .allMatch(io.mercury.common.protocol.AgentOwnedFields.FIELDS::contains);
    Map<String, Object> doc = new Inspector(Fixtures.sources("dell-r640"), Inspector.standardCollectors()).inspect();
    assertThat(io.mercury.common.protocol.AgentOwnedFields.foreign(doc, true)).isEmpty();
  }

  @Test
  void aFailingCollectorYieldsNullAndTheOthersStillRun() throws Exception {
    List<Collector<?>> collectors = new ArrayList<>(Inspector.standardCollectors());
    collectors.add(
        new Collector<RaidAdapters>() {
          @Override
          public String key() {
            return "raid";
          }

          @Override
          public RaidAdapters collect(Sources sources) {
            throw new IllegalStateException("controller tool crashed");
          }
        });
    Map<String, Object> doc = new Inspector(Fixtures.sources("broken"), collectors).inspect();
    assertThat(doc).containsEntry("raid", null).containsEntry("mem", null).containsEntry("cpu", null).containsEntry("dmi", null);
    assertThat(doc.get("mercury_id")).isEqualTo("00" + sha1("aa:bb:cc:dd:ee:ff"));
  }

  private static JsonNode runMain(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"), InspectorMain.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return new ObjectMapper().readTree(out);
  }

  @Test
  void theCommandPrintsAFixturesDocumentAsJson() throws Exception {
    JsonNode doc = runMain("--root", Fixtures.root("dell-r640").toString());
    assertThat(doc.get("mercury_id").asText()).isEqualTo("01" + sha1("4c4c4544-0047-4a10-804b-b8c04f334d33"));
    assertThat(doc.get("dmi").get("sys_vendor").asText()).isEqualTo("Dell Inc.");
    assertThat(doc.get("mem").get("MemTotal").asLong()).isEqualTo(394_937_328L * 1024);
    assertThat(doc.get("cpu").size()).isEqualTo(2);
    assertThat(doc.get("interfaces").size()).isEqualTo(4);
    // this machine's tools say nothing about the tree: not run, so null rather than mixed in
    assertThat(doc.get("routes").isNull()).isTrue();
    assertThat(doc.get("pci").isNull()).isTrue();
    assertThat(doc.get("interfaces").get(0).get("address_info").size()).isZero();
  }

  @Test
  void theCommandIdentifiesAMachineWithoutDmiByItsMacs() throws Exception {
    JsonNode doc = runMain("--root", Fixtures.root("kvm-guest").toString());
    assertThat(doc.get("dmi").isNull()).isTrue();
    assertThat(doc.get("mercury_id").asText()).isEqualTo("00" + sha1("52:54:00:6b:3c:0102:42:ac:11:00:01"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aMicroVmWithoutDmiOrPciToolsIsStillFullyDescribed() throws Exception {
    Map<String, Object> doc = new Inspector(Fixtures.sources("microvm"), Inspector.standardCollectors()).inspect();
    // all MAC-bearing interfaces in kernel order, address-less ifb devices included (none is "embedded")
    assertThat(doc.get("mercury_id")).isEqualTo("00" + sha1("6a:1e:4c:0d:9b:206a:1e:4c:0d:9b:2102:fc:00:00:00:01"));
    assertThat((List<Map<String, Object>>) doc.get("interfaces"))
        .extracting(n -> n.get("devname"))
        .containsExactly("ifb0", "ifb1", "eth0");
    assertThat(doc).containsEntry("dmi", null).containsEntry("pci", null);
    assertThat((List<Map<String, Object>>) doc.get("os_storage")) // zram0 and loop* left out
        .singleElement()
        .satisfies(d -> assertThat(d).containsEntry("devname", "vda").containsEntry("size", 536_870_912L * 512).containsEntry("serial", "200663809045833"));
    assertThat((List<Map<String, Object>>) doc.get("cpu"))
        .singleElement()
        .satisfies(c -> assertThat(c).containsEntry("threads", 2L).containsEntry("cores", 2L));
    assertThat((Map<String, Object>) doc.get("mem")).containsEntry("MemTotal", 24_684_092L * 1024);
    assertThat((List<Object>) doc.get("routes")).hasSize(2);
    assertThat((Map<String, Object>) doc.get("agent_info")).containsEntry("hostname", "vm");
  }

  @Test
  void theCommandInspectsThisMachine() throws Exception {
    JsonNode doc = runMain("--pretty");
    List<String> names = new ArrayList<>();
    doc.get("interfaces").forEach(n -> names.add(n.get("devname").asText()));
    assertThat(names).contains("eth0").doesNotContain("lo");
    assertThat(doc.get("mem").get("MemTotal").asLong()).isPositive();
    assertThat(doc.get("cpu").size()).isPositive();
    assertThat(doc.get("routes").isArray()).isTrue();
    if (Files.isDirectory(Path.of("/sys/class/dmi/id"))) {
      assertThat(doc.get("mercury_id").asText()).matches("0[0-3][0-9a-f]{40}");
    } else {
      assertThat(doc.get("dmi").isNull()).isTrue();
      assertThat(doc.get("mercury_id").asText()).matches("00[0-9a-f]{40}");
    }
  }
}
