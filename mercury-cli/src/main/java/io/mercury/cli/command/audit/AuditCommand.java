package io.mercury.cli.command.audit;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.LogClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.command.log.LogFilter;
import io.mercury.cli.output.AuditTable;
import io.mercury.cli.output.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli audit [--who W] [--action A] [--service S] [--outcome O] [--since T] [--until T]
 * [--limit N] [--json]}: the newest matching records of the audit trail (read through the log
 * service's {@code query_audit}), printed oldest first as a table, or one JSON object per record.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Show who did what: the audit trail of changes and refusals, newest last.",
      "Examples:",
      "  mcli audit --since 1d",
      "  mcli audit --who alice --action create_job",
      "  mcli audit --outcome denied --limit 20 --json"
    })
public final class AuditCommand implements Callable<Integer> {
  private static final Set<String> OUTCOMES = Set.of("ok", "denied", "error");

  @ParentCommand private Mcli mcli;

  @Option(names = "--who", paramLabel = "NAME", description = "Records of this caller (key or token name).")
  private String who;

  @Option(names = "--action", paramLabel = "ACTION", description = "Records of this endpoint or route (e.g. create_job).")
  private String action;

  @Option(names = "--service", paramLabel = "NAME", description = "Records written by this daemon (e.g. mercury-inventory).")
  private String service;

  @Option(names = "--outcome", paramLabel = "OUTCOME", description = "ok, denied or error.")
  private String outcome;

  @Option(names = "--since", paramLabel = "AGE|TIME", description = "Records since an age (30s, 10m, 2h, 1d) or an ISO time.")
  private String since;

  @Option(names = "--until", paramLabel = "AGE|TIME", description = "Records before an age or an ISO time.")
  private String until;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100", description = "How many of the newest records (default ${DEFAULT-VALUE}, at most 1000).")
  private int limit;

  @Option(names = "--json", description = "One JSON object per record.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    if (limit < 1 || limit > 1000) {
      throw CliException.usage("--limit must be between 1 and 1000, was " + limit);
    }
    Map<String, Object> filter = new LinkedHashMap<>();
    put(filter, "who", who);
    put(filter, "action", action);
    put(filter, "service", service);
    if (outcome != null) {
      String o = outcome.strip().toLowerCase(Locale.ROOT);
      if (!OUTCOMES.contains(o)) {
        throw CliException.usage("--outcome must be ok, denied or error, got '" + outcome + "'");
      }
      filter.put("outcome", o);
    }
    Instant now = Instant.now();
    time(filter, "since", since, now);
    time(filter, "until", until, now);
    List<Map<String, Object>> records;
    try (LogClient client = mcli.logClient()) {
      records = new ArrayList<>(client.audit(filter, limit));
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    Collections.reverse(records);
    PrintWriter out = mcli.context().out();
    if (json) {
      records.forEach(r -> out.println(Json.line(r)));
    } else if (records.isEmpty()) {
      mcli.context().err().println("mcli: no audit records match");
    } else {
      out.print(AuditTable.render(records));
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private static void time(Map<String, Object> filter, String key, String value, Instant now) throws CliException {
    if (value == null) {
      return;
    }
    try {
      filter.put(key, LogFilter.since(value, now).toEpochMilli() / 1000.0);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage().replace("--since", "--" + key));
    }
  }

  private static void put(Map<String, Object> filter, String key, String value) {
    if (value != null && !value.isBlank()) {
      filter.put(key, value.strip());
    }
  }
}
