package io.mercury.cli.command.keys;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.KeysClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Times;
import io.mercury.common.protocol.keys.EnrolmentToken;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli keys token [--ttl 1h] [--uses 1]}: a new enrolment token, printed once on stdout (it is
 * stored only hashed); its id, uses and expiry go to stderr.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Make an enrolment token: an agent started with it (MERCURY_ENROL_TOKEN or agent.enrolment_token)",
      "has its key accepted at once. The token is shown only now."
    })
public final class KeysTokenCommand implements Callable<Integer> {
  private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

  @ParentCommand private KeysCommand keys;

  @Option(names = "--ttl", paramLabel = "AGE", defaultValue = "1h", description = "How long it may be used: 90s, 30m, 1h, 7d (default ${DEFAULT-VALUE}, at most 30d).")
  private String ttl;

  @Option(names = "--uses", paramLabel = "N", defaultValue = "1", description = "How many keys it may accept (default ${DEFAULT-VALUE}).")
  private long uses;

  @Override
  public Integer call() throws CliException {
    Duration lifetime = age(ttl);
    if (uses < 1) {
      throw CliException.usage("--uses must be at least 1, was " + uses);
    }
    EnrolmentToken token;
    try (KeysClient client = keys.client()) {
      token = client.createToken(lifetime, uses);
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    PrintWriter out = keys.mcli().context().out();
    out.println(token.token());
    out.flush();
    PrintWriter err = keys.mcli().context().err();
    err.println(
        "token " + token.id() + ": " + token.uses() + " use(s) until "
            + Times.utc(token.expiresAt() == null ? null : token.expiresAt().toEpochMilli() / 1000.0)
            + "; give it to agents as MERCURY_ENROL_TOKEN (it is not shown again)");
    err.flush();
    return ExitCode.OK.code();
  }

  static Duration age(String text) throws CliException {
    Matcher m = AGE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw CliException.usage("--ttl must be an age such as 90s, 30m, 1h or 7d, was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.isZero() || d.compareTo(Duration.ofDays(30)) > 0) {
      throw CliException.usage("--ttl must be more than 0 and at most 30d, was '" + text + "'");
    }
    return d;
  }
}
