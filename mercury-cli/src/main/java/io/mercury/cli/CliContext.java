package io.mercury.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch of the outside world: its standard streams and the environment. Tests give
 * {@link Mcli} their own, so commands run in-process with captured output.
 *
 * @param in standard input, for ids piped in with {@code -}
 * @param out standard output: results only, so they can be piped
 * @param err standard error: errors, summaries and hints
 * @param env environment variables
 */
public record CliContext(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {
  public CliContext {
    Objects.requireNonNull(in, "in is null");
    Objects.requireNonNull(out, "out is null");
    Objects.requireNonNull(err, "err is null");
    env = Map.copyOf(env);
  }

  /** The process's own streams and environment. */
  public static CliContext system() {
    Charset stdout = charset("stdout.encoding");
    Charset stderr = charset("stderr.encoding");
    return new CliContext(
        System.in,
        new PrintWriter(new OutputStreamWriter(System.out, stdout), true),
        new PrintWriter(new OutputStreamWriter(System.err, stderr), true),
        System.getenv());
  }

  private static Charset charset(String property) {
    String name = System.getProperty(property);
    return name == null ? Charset.defaultCharset() : Charset.forName(name);
  }
}
