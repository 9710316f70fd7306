package io.mercury.cli.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterTest {
  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of("dmi.sys_vendor=HP", "dmi.sys_vendor", Operator.EQ, "HP"),
        Arguments.of("dmi.sys_vendor!=HP", "dmi.sys_vendor", Operator.NE, "HP"),
        Arguments.of("mem.MemTotal<5", "mem.MemTotal", Operator.LT, 5L),
        Arguments.of("mem.MemTotal<=5", "mem.MemTotal", Operator.LTE, 5L),
        Arguments.of("mem.MemTotal>5", "mem.MemTotal", Operator.GT, 5L),
        Arguments.of("mem.MemTotal>=64e9", "mem.MemTotal", Operator.GTE, 64_000_000_000L),
        Arguments.of("dmi.product_name~^ProLiant DL3[68]0", "dmi.product_name", Operator.REGEX,
            "^ProLiant DL3[68]0"),
        Arguments.of("active", "active", Operator.PRESENT, null),
        Arguments.of("!active", "active", Operator.MISSING, null),
        Arguments.of("mem.Active(anon)>0", "mem.Active(anon)", Operator.GT, 0L),
        Arguments.of("interfaces.0.lldp.switch_name=c10-5-1e.ord1", "interfaces.0.lldp.switch_name",
            Operator.EQ, "c10-5-1e.ord1"),
        Arguments.of("note=a=b", "note", Operator.EQ, "a=b"),
        Arguments.of("key~=x", "key", Operator.REGEX, "=x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void parsesEveryForm(String text, String field, Operator operator, Object value) throws Exception {
    Filter f = Filter.parse(text);

    assertThat(f.field()).isEqualTo(field);
    assertThat(f.operator()).isEqualTo(operator);
    assertThat(f.value()).isEqualTo(value);
    assertThat(f.text()).isEqualTo(text);
  }

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("42", 42L),
        Arguments.of("-3", -3L),
        Arguments.of("+7", 7L),
        Arguments.of("0", 0L),
        Arguments.of("1.5", 1.5),
        Arguments.of("-0.25", -0.25),
        Arguments.of(".5", 0.5),
        Arguments.of("64e9", 64_000_000_000L),
        Arguments.of("1.5e3", 1500L),
        Arguments.of("2.5E-1", 0.25),
        Arguments.of("1.0", 1L),
        Arguments.of("9223372036854775807", Long.MAX_VALUE),
        Arguments.of("92233720368547758070", 9.223372036854776E19),
        Arguments.of("1e400", Double.POSITIVE_INFINITY),
        Arguments.of("true", true),
        Arguments.of("false", false),
        Arguments.of("null", null),
        Arguments.of("\"17\"", "17"),
        Arguments.of("\"true\"", "true"),
        Arguments.of("\"null\"", "null"),
        Arguments.of("\"\"", ""),
        Arguments.of("\"HP Inc\"", "HP Inc"),
        Arguments.of("HP", "HP"),
        Arguments.of("True", "True"),
        Arguments.of("0x1f", "0x1f"),
        Arguments.of("NaN", "NaN"),
        Arguments.of("Infinity", "Infinity"),
        Arguments.of("1e", "1e"),
        Arguments.of("00:1b:21:aa:bb:cc", "00:1b:21:aa:bb:cc"),
        Arguments.of("10.0.0.1", "10.0.0.1"),
        Arguments.of("\"unterminated", "\"unterminated"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("values")
  void typesValues(String raw, Object expected) throws Exception {
    assertThat(Filter.parse("k=" + raw).value()).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("", "empty filter"),
        Arguments.of("   ", "empty filter"),
        Arguments.of("=HP", "missing field name before '='"),
        Arguments.of("!=HP", "missing field name before '!='"),
        Arguments.of(">=5", "missing field name before '>='"),
        Arguments.of("~x", "missing field name before '~'"),
        Arguments.of("!", "missing field name"),
        Arguments.of("key=", "missing value after '=' (write key=\"\" to match an empty string)"),
        Arguments.of("key!=", "missing value after '!='"),
        Arguments.of("key<", "missing value after '<'"),
        Arguments.of("key<=", "missing value after '<='"),
        Arguments.of("key>", "missing value after '>'"),
        Arguments.of("key>=", "missing value after '>='"),
        Arguments.of("key~", "missing value after '~'"),
        Arguments.of("key~[ab", "invalid regex: Unclosed character class"),
        Arguments.of("key~(x", "invalid regex: Unclosed group"),
        Arguments.of("key==5", "'=' right after '=' (quote the value"),
        Arguments.of("key=>5", "'>' right after '='"),
        Arguments.of("key<>5", "'>' right after '<'"),
        Arguments.of("key!5", "unknown operator '!' (did you mean '!='?)"),
        Arguments.of("!key=5", "'!' only negates a bare field name (use '!=' to compare)"),
        Arguments.of("$where=1", "field name must not start with '$'"),
        Arguments.of("!$where", "field name must not start with '$'"),
        Arguments.of("a..b=1", "field path has an empty part"),
        Arguments.of(".a=1", "field path has an empty part"),
        Arguments.of("a.=1", "field path has an empty part"),
        Arguments.of(" a=1", "field name has leading or trailing spaces"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("errors")
  void rejectsBadFiltersNamingThem(String text, String reason) {
    assertThatThrownBy(() -> Filter.parse(text))
        .isInstanceOf(FilterException.class)
        .hasMessageStartingWith("bad filter '" + text + "': " + reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void sizesWithAUnitAreBytesInComparisons() throws Exception {
    assertThat(Filter.parse("mem.MemTotal>=300G").value()).isEqualTo(300_000_000_000L);
    assertThat(Filter.parse("mem.MemTotal>=300GB").value()).isEqualTo(300_000_000_000L);
    assertThat(Filter.parse("os_storage.size>1.5T").value()).isEqualTo(1_500_000_000_000L);
    assertThat(Filter.parse("mem.MemFree<512MiB").value()).isEqualTo(512L * 1024 * 1024);
    assertThat(Filter.parse("x<=4k").value()).isEqualTo(4000L);
    assertThat(Filter.parse("x>2Ki").value()).isEqualTo(2048L);
    // not in equality (a string like 2G may be a model name), and not when quoted
    assertThat(Filter.parse("dmi.product_name=2G").value()).isEqualTo("2G");
    assertThat(Filter.parse("x>\"300G\"").value()).isEqualTo("300G");
  }

  @Test
  void anOrderingWithAnUnquotedWordIsRefusedSinceItWouldMatchNoNumber() throws Exception {
    assertThatThrownBy(() -> Filter.parse("mem.MemTotal>=lots"))
        .isInstanceOf(FilterException.class)
        .hasMessage("bad filter 'mem.MemTotal>=lots': 'lots' is not a number or a size (64e9, 300G, 512MiB), and a word"
            + " compares only with words, never with numbers; to compare strings, quote it: 'mem.MemTotal>=\"lots\"'");
    assertThatThrownBy(() -> Filter.parse("x>300X")).isInstanceOf(FilterException.class);
    assertThat(Filter.parse("dmi.bios_version>=\"2.1\"").value()).isEqualTo("2.1");
    assertThat(Filter.parse("x>true").value()).isEqualTo(true);
  }

  @Test
  void regexValueIsNeverTyped() throws Exception {
    assertThat(Filter.parse("serial~123").value()).isEqualTo("123");
  }

  @Test
  void quotedValueMayStartWithAnOperatorCharacter() throws Exception {
    assertThat(Filter.parse("name=\"=x\"").value()).isEqualTo("=x");
  }
}
