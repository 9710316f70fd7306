package io.mercury.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch of the outside world: its standard streams, whether they are terminals, and
 * the environment. Tests give {@link Mcli} their own, so commands run in-process with captured output.
 *
 * @param in standard input, for ids piped in with {@code -} and shell commands
 * @param out standard output: results only, so they can be piped
 * @param err standard error: errors, summaries, progress and hints
 * @param env environment variables
 * @param inTerminal whether standard input is a terminal (the shell prompts only then)
 * @param errTerminal whether standard error is a terminal (progress is redrawn in place only then)
 */
public record CliContext(
    InputStream in,
    PrintWriter out,
    PrintWriter err,
    Map<String, String> env,
    boolean inTerminal,
    boolean errTerminal) {
  public CliContext {
    Objects.requireNonNull(in, "in is null");
    Objects.requireNonNull(out, "out is null");
    Objects.requireNonNull(err, "err is null");
    env = Map.copyOf(env);
  }

  /** Streams that are not terminals, as in a pipeline. */
  public CliContext(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {
    this(in, out, err, env, false, false);
  }

  /** The process's own streams and environment. */
  public static CliContext system() {
    Charset stdout = charset("stdout.encoding");
    Charset stderr = charset("stderr.encoding");
    return new CliContext(
        System.in,
        new PrintWriter(new OutputStreamWriter(System.out, stdout), true),
        new PrintWriter(new OutputStreamWriter(System.err, stderr), true),
        System.getenv(),
        Terminals.isTerminal(0),
        Terminals.isTerminal(2));
  }

  private static Charset charset(String property) {
    String name = System.getProperty(property);
    return name == null ? Charset.defaultCharset() : Charset.forName(name);
  }
}
