package io.mercury.cli.command.log;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.LogClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.LogLines;
import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.log.EventOrder;
import io.mercury.common.protocol.log.LogWire;
import io.mercury.common.protocol.log.StoredEvent;
import io.mercury.common.transport.Subscriber;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli log [--job ID] [--task ID] [--device ID] [--service S] [--level L] [--since 10m] [--grep T]
 * [-n N] [-f [--for 5m]] [--json]}: the newest matching events of the log service, printed oldest first
 * (like a log file's tail); with {@code -f} it then prints new matching events as they arrive. The follow
 * stream is best effort: a gap in the events' sequence numbers is reported on stderr.
 */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = {
      "Show the events the daemons and agents logged, newest last.",
      "Examples:",
      "  mcli log --job JOB_ID",
      "  mcli log --device 0120a1b2... --level WARN --since 1h",
      "  mcli log --service mercury-rpc-backend -f"
    })
public final class LogCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(250);

  @ParentCommand private Mcli mcli;

  @Option(names = "--job", paramLabel = "ID", description = "Events of this job.")
  private String job;

  @Option(names = "--task", paramLabel = "ID", description = "Events of this task.")
  private String task;

  @Option(names = "--device", paramLabel = "MERCURY_ID", description = "Events about this device.")
  private String device;

  @Option(names = "--service", paramLabel = "NAME", description = "Events of this service (e.g. mercury-agent).")
  private String service;

  @Option(names = "--level", paramLabel = "LEVEL", description = "Events at this level or above (DEBUG, INFO, WARN, ERROR).")
  private String level;

  @Option(names = "--since", paramLabel = "AGE|TIME", description = "Events since an age (30s, 10m, 2h, 1d) or an ISO time.")
  private String since;

  @Option(names = "--grep", paramLabel = "TEXT", description = "Events whose message contains TEXT (any case).")
  private String text;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "100", description = "How many of the newest events (default ${DEFAULT-VALUE}, at most 10000).")
  private int lines;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new events (Ctrl-C to stop).")
  private boolean follow;

  @Option(names = "--for", paramLabel = "AGE", description = "With -f: stop following after this long (30s, 10m, ...).")
  private String followFor;

  @Option(names = "--json", description = "One JSON object per event.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    if (lines < 1 || lines > 10_000) {
      throw CliException.usage("--lines must be between 1 and 10000, was " + lines);
    }
    LogFilter filter;
    Instant stopAt = null;
    try {
      Instant now = Instant.now();
      filter = new LogFilter(job, task, device, service, level, since == null ? null : LogFilter.since(since, now), text);
      if (followFor != null) {
        stopAt = now.plus(Duration.between(LogFilter.since(followFor, now), now));
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    PrintWriter out = mcli.context().out();
    try (LogClient client = mcli.logClient()) {
      // subscribe before reading the recent events, so nothing falls between the two
      Subscriber live = follow ? client.follow() : null;
      try {
        List<StoredEvent> recent = new ArrayList<>(client.query(filter.toFilter(), lines, EventOrder.NEWEST_FIRST));
        Collections.reverse(recent);
        long lastSeq = 0;
        for (StoredEvent e : recent) {
          print(out, e);
          lastSeq = Math.max(lastSeq, e.seq());
        }
        out.flush();
        if (live != null) {
          follow(live, filter, lastSeq, stopAt, out);
        }
      } finally {
        if (live != null) {
          live.close();
        }
      }
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }

  private void follow(Subscriber live, LogFilter filter, long afterSeq, Instant stopAt, PrintWriter out) {
    long lastSeen = -1;
    while (stopAt == null || Instant.now().isBefore(stopAt)) {
      byte[] message = live.receive(POLL);
      if (message == null) {
        continue;
      }
      StoredEvent event;
      try {
        event = MsgPack.decode(message) instanceof Map<?, ?> m ? LogWire.storedEvent(m) : null;
      } catch (MalformedMessageException e) {
        event = null;
      }
      if (event == null) {
        continue;
      }
      long seq = event.seq();
      if (lastSeen >= 0 && seq > lastSeen + 1) {
        mcli.context().err().println("mcli: " + (seq - lastSeen - 1) + " events missed (the follow stream drops under load; query them with mcli log)");
        mcli.context().err().flush();
      }
      lastSeen = seq;
      if (seq > afterSeq && filter.matches(event)) {
        print(out, event);
        out.flush();
      }
    }
  }

  private void print(PrintWriter out, StoredEvent event) {
    out.println(json ? Json.line(event.document()) : LogLines.line(event));
  }
}
