package io.mercury.chaos;

import static io.mercury.chaos.TourExpectation.exits;
import static io.mercury.chaos.TourExpectation.follows;
import static io.mercury.chaos.TourExpectation.followsQuietly;
import static io.mercury.chaos.TourExpectation.skip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's tour, run as written on a fresh stack (issue 15: "a tour test runs every command of the
 * README's tour on a fresh {@code up} and checks its exit code and a line of its output").
 *
 * <p>Every {@code $ } line of the tour and of the keys block after it has an entry in {@link #TABLE}:
 * the exit code it ends with and a regex one line of its output matches, or why it is skipped. The
 * table and the README are kept in step by {@link #everyTourCommandHasAnEntryAndEveryEntryIsInTheTour}:
 * a new README line, or an entry whose line is gone, fails it until the table is updated.
 *
 * <p>The lines run in README order through {@code bash -c} in the checkout, as an operator types them,
 * so state builds up as it does for a reader: the first echo job is the {@code JOB_ID} later lines
 * inspect, the boot lines set and clear boot state, {@code down} stops the stack and the README's
 * second {@code up} starts it again (on this test's ports and home: see {@link TourVariables}) before
 * the keys block. Each line's outcome is collected and the test fails once, listing every line that
 * did not do what its entry says, so one broken line does not hide another.
 */
@Tag("e2e")
@Tag("slow")
class ReadmeTourTest {
  private static final Path ROOT = Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  /** A mercury_id: a type byte and a SHA-1, in hex. */
  private static final String ID = "[0-9a-f]{42}";
  private static final String JOB_SUMMARY = "^SUMMARY job " + UUID + ": 1 target, 1 SUCCESS in ";
  /** The job the {@code --no-wait run sleep 60} line starts, still running when {@code rpc cancel} comes. */
  private static final String SLEEPING_JOB = "sleeping";
  private static final int TAIL = 12;

  /** What each README tour line does on a fresh stack, keyed by its exact text (without comment). */
  private static final Map<String, TourExpectation> TABLE = table();

  private static TourStack stack;

  private static Map<String, TourExpectation> table() {
    Map<String, TourExpectation> t = new LinkedHashMap<>();
    // ---- A short tour
    t.put("bin/mcli rpc --all echo hello", exits(0, JOB_SUMMARY).capturingJob(TourExpectation.FIRST_JOB));
    // the agent runs on this machine, a Linux one
    t.put("bin/mcli rpc --all run uname -a", exits(0, "^Linux \\S+ "));
    t.put("bin/mcli rpc --all run sh -c 'ls /etc | wc -l'", exits(0, "^\\d+$"));
    // the sample fleet's HPE servers are inventory only: no agent, never active, so nothing to run on
    t.put("bin/mcli rpc --task-timeout 30 dmi.sys_vendor=HPE run df -h", exits(1, "^mcli: no active device matches$"));
    t.put("bin/mcli rpc --all --no-wait run sleep 60", exits(0, "^job " + UUID + ": 1 target$").capturingJob(SLEEPING_JOB));
    t.put("bin/mcli rpc jobs", exits(0, "^" + UUID + "\\s+run\\s+\\[\"sleep\",\"60\"\\]\\s+1\\s"));
    t.put("bin/mcli rpc job JOB_ID", exits(0, "^tasks\\s+1: 1 SUCCESS$"));
    t.put("bin/mcli rpc job JOB_ID --output", exits(0, "^hello$"));
    t.put("bin/mcli rpc task TASK_ID", exits(0, "^state\\s+SUCCESS$"));
    t.put("bin/mcli rpc list MERCURY_ID", exits(0, "^echo\\s+MESSAGE\\s"));
    t.put("bin/mcli rpc cancel JOB_ID", exits(0, "^job " + UUID + ": 1 task cancelled$").onJob(SLEEPING_JOB));
    t.put("bin/mcli log --job JOB_ID", exits(0, "mercury-agent\\s.*echo completed: SUCCESS"));
    t.put("bin/mcli rpc job JOB_ID --trace", exits(0, "^job " + UUID + ": \\d+ events from \\d+ services over "));
    t.put("bin/mcli log --device MERCURY_ID --level WARN --since 1h -f",
        followsQuietly("a fresh stack has logged no warning about the local agent's device"));
    t.put("echo 'uname -a' | bin/mcli shell --all", exits(0, "^[0-9a-f]{8}: Linux "));
    // the sample fleet's 14 devices and this machine
    t.put("bin/mcli inventory", exits(0, "^15 devices$"));
    // the two DL380s (509 GiB); the DL360s have 253 GiB
    t.put("bin/mcli inventory dmi.sys_vendor=HPE \"mem.MemTotal>=300G\"", exits(0, "^2 devices$"));
    t.put("bin/mcli inventory \"dmi.product_name~^PowerEdge\" -p dmi.product_name,bmc.network.ip_address",
        exits(0, "^" + ID + "\\s+PowerEdge R640\\s+10\\.30\\.0\\.\\d+$"));
    t.put("bin/mcli inventory -q '{\"interfaces.driver\": \"mlx5_core\"}'", exits(0, "^4 devices$"));
    // the sample's lab-vm01, and this machine when it has no DMI (a VM or a container)
    t.put("bin/mcli inventory count '!dmi'", exits(0, "^[12]$"));
    t.put("bin/mcli inventory get MERCURY_ID", exits(0, "^agent\\s+active since "));
    t.put("bin/mcli inventory --ids dmi.sys_vendor=Supermicro | bin/mcli inventory get -", exits(0, "^vendor\\s+Supermicro$"));
    t.put("bin/mcli inventory --json | jq -r .mercury_id", exits(0, "^" + ID + "$").needing("jq"));
    t.put("bin/mcli boot state dmi.sys_vendor=Supermicro local --dry-run", exits(0, "^" + ID + "\\s+agent\\s+local$"));
    t.put("bin/mcli boot state dmi.sys_vendor=Supermicro local", exits(0, "^matched 2, changed 2$"));
    t.put("bin/mcli boot script mercury_id=MERCURY_ID --file install.ipxe --dry-run", exits(0, "^echo installing " + ID + " \\(\\S+\\)$"));
    t.put("bin/mcli boot script mercury_id=MERCURY_ID --file install.ipxe", exits(0, "^matched 1, changed 1$"));
    t.put("bin/mcli boot show MERCURY_ID", exits(0, "^boots\\s+script$"));
    t.put("bin/mcli boot clear dmi.sys_vendor=Supermicro", exits(0, "^matched 2, changed 2$"));
    t.put("curl -s http://127.0.0.1:9005/api/active/computers",
        exits(0, "\"total\":1,.*\"mercury_id\":\"" + ID + "\"").needing("curl"));
    t.put("curl -s http://127.0.0.1:5000/boot", exits(0, "^echo MERCURY BOOT DISCOVERY$").needing("curl"));
    t.put("bin/mercury inspect --pretty", exits(0, "^\\s*\"mercury_id\"\\s*:\\s*\"" + ID + "\""));
    t.put("bin/mercury status", exits(0, "^api\\s+\\d+\\s+running\\s"));
    t.put("bin/mercury logs backend -f", follows("mercury-backend\\s"));
    t.put("bin/mercury down", exits(0, "^store\\s+stopped$"));
    t.put("bin/mercury up --port-base 19000", exits(0, JOB_SUMMARY).within(Duration.ofMinutes(3)));
    // ---- keys (after the second up)
    t.put("bin/mcli keys list --status pending", exits(0, "^0 keys$"));
    // the README's fingerprints are examples: no key has them on a fresh stack, and mcli says so
    t.put("bin/mcli keys accept 3f9a1c", exits(1, "no key has the public key, name or fingerprint '3f9a1c'"));
    t.put("bin/mcli keys replace 7c01e2", exits(1, "no key has the public key, name or fingerprint '7c01e2'"));
    t.put("bin/mcli keys token --ttl 1h", exits(0, "^token [0-9a-f]{12}: 1 use\\(s\\) until "));
    t.put("bin/mcli keys revoke MERCURY_ID", exits(0, "^revoked\\s+[0-9a-f]{16}\\s+" + ID + "$"));
    t.put("bin/mcli audit --since 1h", exits(0, "\\soperator\\s+admin\\s+mercury-rpc\\s+create_job\\s+ok\\s"));
    t.put("SECURITY_CURVE=off bin/mercury up",
        skip("restarts the whole stack in plaintext for original Python agents: another configuration, not a step of this tour"));
    return t;
  }

  /** One line that did not do what its entry says. */
  private record Miss(String readme, String ran, String expected, String problem, String output) {
    String describe() {
      StringBuilder s = new StringBuilder("$ ").append(readme).append('\n');
      if (ran != null && !ran.equals(readme)) {
        s.append("  ran:      ").append(ran).append('\n');
      }
      s.append("  expected: ").append(expected).append('\n');
      s.append("  problem:  ").append(problem).append('\n');
      if (!output.isEmpty()) {
        output.lines().forEach(l -> s.append("  | ").append(l).append('\n'));
      }
      return s.toString();
    }
  }

  @AfterAll
  static void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void commentsEndAtAnUnquotedHashThatStartsAWord() {
    assertThat(ReadmeTour.withoutComment("bin/mcli inventory count '!dmi'   # devices without DMI"))
        .isEqualTo("bin/mcli inventory count '!dmi'   ");
    assertThat(ReadmeTour.withoutComment("bin/mcli inventory -q '{\"a\": \"#x\"}' \"# y\" a#b # c"))
        .isEqualTo("bin/mcli inventory -q '{\"a\": \"#x\"}' \"# y\" a#b ");
    assertThat(ReadmeTour.withoutComment("echo \\# not-a-comment")).isEqualTo("echo \\# not-a-comment");
  }

  @Test
  void everyTourCommandHasAnEntryAndEveryEntryIsInTheTour() {
    List<String> problems = tableProblems(ReadmeTour.commands(ROOT.resolve("README.md")));
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  private static List<String> tableProblems(List<String> commands) {
    List<String> problems = new ArrayList<>();
    commands.stream()
        .filter(c -> !TABLE.containsKey(c))
        .forEach(c -> problems.add("README.md line '$ " + c + "' has no entry in ReadmeTourTest.TABLE: add one (exit code and a line of its output, or skip with a reason)"));
    TABLE.keySet().stream()
        .filter(c -> !commands.contains(c))
        .forEach(c -> problems.add("ReadmeTourTest.TABLE has an entry for '" + c + "', which is no longer a line of the README's tour: update or remove it"));
    return problems;
  }

  @Test
  void everyTourCommandDoesWhatTheTableSaysOnAFreshStack() throws Exception {
    assumeTrue(TourStack.packaged(ROOT), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    List<String> commands = ReadmeTour.commands(ROOT.resolve("README.md"));
    List<String> outOfStep = tableProblems(commands);
    assertThat(outOfStep).as(String.join("\n", outOfStep)).isEmpty();

    long started = System.nanoTime();
    // kept when the test fails: each line's output (tour/NN.out) and the daemons' logs are the evidence
    Path home = Path.of("target/readme-tour/home-" + System.currentTimeMillis()).toAbsolutePath();
    Files.createDirectories(home);
    stack = new TourStack(ROOT, home);
    stack.markBuilt();
    List<Miss> misses = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try {
      ShellLine.Outcome up = stack.up();
      assertThat(up.exitCode()).as("bin/mercury up --port-base %d: %s\n%s", stack.portBase(), up.describe(), up.tail(30)).isZero();
      assertThat(up.count(Pattern.compile(JOB_SUMMARY)))
          .as("bin/mercury up shows its two jobs (echo and uname) with a SUMMARY line each:\n%s", up.tail(30))
          .isEqualTo(2);
      System.out.printf("tour: stack up on ports %d..%d in %.1f s%n", stack.portBase(), stack.portBase() + TourStack.PORTS - 1, up.took().toMillis() / 1000.0);
      TourVariables variables = new TourVariables(localDevice(), installScript(home), stack);
      for (String command : commands) {
        runLine(command, TABLE.get(command), variables, misses, skipped);
      }
      revokedAgentStopsTheNextUpAtOnce(misses);
    } finally {
      List<String> notStopped = stack.down();
      notStopped.forEach(p -> misses.add(new Miss("(end of test) bin/mercury down", null, "exit 0 and every daemon stopped", p, "")));
    }
    System.out.printf("tour: %d lines in %.1f s; skipped: %s%n", commands.size(), (System.nanoTime() - started) / 1e9, skipped);
    if (!misses.isEmpty()) {
      StringBuilder report = new StringBuilder()
          .append(misses.size()).append(" README tour line(s) did not do what ReadmeTourTest.TABLE expects")
          .append(" (each line's output is in ").append(home.resolve("tour")).append(", the daemons' logs in ").append(home.resolve("logs")).append("):\n\n");
      misses.forEach(m -> report.append(m.describe()).append('\n'));
      fail(report.toString());
    }
    deleteTree(home);
  }

  /**
   * The tour revokes the local agent's key ({@code keys revoke MERCURY_ID}); the next {@code up} must say
   * so and stop, not wait 90 s for an agent that can never register.
   */
  private void revokedAgentStopsTheNextUpAtOnce(List<Miss> misses) {
    stack.down().forEach(p -> misses.add(new Miss("(after the tour) bin/mercury down", null, "every daemon stopped", p, "")));
    ShellLine.Outcome again = stack.up();
    boolean said = again.lines().stream().anyMatch(l -> l.contains("the local agent's key (") && l.contains(") is revoked"));
    if (again.exitCode() != 1 || !said || again.took().toSeconds() > 60) {
      misses.add(new Miss("(after keys revoke) bin/mercury up", null,
          "exit 1 within 60 s: the local agent's key (...) is revoked", again.describe(), again.tail(20)));
    }
  }

  private static void runLine(String readme, TourExpectation expected, TourVariables variables, List<Miss> misses, List<String> skipped) {
    if (expected.kind() == TourExpectation.Kind.SKIP) {
      skipped.add("'" + readme + "' (" + expected.note() + ")");
      return;
    }
    if (expected.needs() != null && !onPath(expected.needs())) {
      skipped.add("'" + readme + "' (" + expected.needs() + " is not installed)");
      return;
    }
    String command;
    try {
      command = variables.substitute(readme, expected.job());
    } catch (TourVariables.Unresolved e) {
      misses.add(new Miss(readme, null, expected.toString(), "not run: " + e.getMessage(), ""));
      return;
    }
    ShellLine.Outcome outcome = stack.run(command, expected.limit());
    stack.rememberDaemons();
    System.out.printf("tour: %-90s %s in %.1f s%n", readme, outcome.describe(), outcome.took().toMillis() / 1000.0);
    if (expected.capturesJob() != null && variables.keepJob(expected.capturesJob(), outcome).isEmpty()) {
      misses.add(new Miss(readme, command, expected + ", and a 'job <id>:' line for later lines", "it printed no job id", outcome.tail(TAIL)));
      return;
    }
    String problem = expected.unmet(outcome);
    if (problem != null) {
      misses.add(new Miss(readme, command, expected.toString(), problem, outcome.tail(TAIL)));
    }
  }

  /** The mercury_id of this machine's agent: the one active device of a fresh stack. */
  private static String localDevice() {
    ShellLine.Outcome ids = stack.run("bin/mcli inventory --ids active", TourExpectation.RUN_LIMIT);
    List<String> active = ids.lines().stream().filter(l -> l.matches(ID)).toList();
    assertThat(active).as("bin/mcli inventory --ids active: %s\n%s", ids.describe(), ids.tail(TAIL)).hasSize(1);
    return active.getFirst();
  }

  /** A small boot script for the README's {@code install.ipxe}, using fields the device has. */
  private static Path installScript(Path home) throws IOException {
    return Files.writeString(home.resolve("install.ipxe"), """
        #!ipxe
        echo installing {{mercury_id}} ({{agent_info.hostname}})
        exit
        """);
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
