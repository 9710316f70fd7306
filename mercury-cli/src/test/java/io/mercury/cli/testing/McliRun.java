package io.mercury.cli.testing;

import io.mercury.cli.CliContext;
import io.mercury.cli.Mcli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of {@code mcli}: exit status and everything it printed.
 *
 * @param exitCode the status {@code mcli} would exit with
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
public record McliRun(int exitCode, String out, String err) {
  /** Runs {@code mcli args} with empty stdin and no environment. */
  public static McliRun mcli(String... args) {
    return mcli("", Map.of(), args);
  }

  /**
   * Runs {@code mcli args} with the given stdin and environment. Unless the environment says otherwise
   * ({@code SECURITY_CURVE}), mcli runs with CURVE off: the tests using this are about the command line
   * against plaintext test services; the end-to-end tests pass their stack's keys.
   */
  public static McliRun mcli(String stdin, Map<String, String> env, String... args) {
    if (!env.containsKey("SECURITY_CURVE")) {
      Map<String, String> plain = new java.util.HashMap<>(env);
      plain.put("SECURITY_CURVE", "off");
      env = plain;
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env);
    int code = Mcli.run(context, args);
    return new McliRun(code, out.toString(), err.toString());
  }

  public List<String> outLines() {
    return out.lines().toList();
  }

  public List<String> errLines() {
    return err.lines().toList();
  }
}
