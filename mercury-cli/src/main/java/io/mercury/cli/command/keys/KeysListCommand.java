package io.mercury.cli.command.keys;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.KeysClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.Table;
import io.mercury.cli.output.Table.Column;
import io.mercury.cli.output.Times;
import io.mercury.common.protocol.keys.KeyListing;
import io.mercury.common.protocol.keys.KeyWire;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mcli keys list [--status S] [--json]}: the keys, oldest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (oldest first).")
public final class KeysListCommand implements Callable<Integer> {
  static final Set<String> STATUSES = Set.of("pending", "accepted", "rejected", "revoked");
  private static final List<Column> COLUMNS =
      List.of(
          new Column("FINGERPRINT", false),
          new Column("NAME", false),
          new Column("KIND", false),
          new Column("ROLE", false),
          new Column("STATUS", false),
          new Column("UPDATED", false));

  @ParentCommand private KeysCommand keys;

  @Option(names = "--status", paramLabel = "STATUS", description = "Only keys with this status: pending, accepted, rejected or revoked.")
  private String status;

  @Option(names = "--json", description = "One JSON object per key.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    if (status != null && !STATUSES.contains(status)) {
      throw CliException.usage("--status must be pending, accepted, rejected or revoked, was '" + status + "'");
    }
    List<KeyListing> found;
    try (KeysClient client = keys.client()) {
      found = client.list(status);
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    PrintWriter out = keys.mcli().context().out();
    if (json) {
      found.forEach(k -> out.println(Json.line(KeyWire.toWire(k))));
    } else {
      out.print(Table.render(COLUMNS, found.stream().map(KeysListCommand::row).toList()));
      PrintWriter err = keys.mcli().context().err();
      err.println(found.size() + " key" + (found.size() == 1 ? "" : "s"));
      err.flush();
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private static List<String> row(KeyListing k) {
    return List.of(
        text(k.fingerprint()),
        text(k.name()),
        k.kind().wireName(),
        k.role().wireName(),
        k.status().wireName(),
        Times.utc(k.updatedAt() == null ? null : k.updatedAt().toEpochMilli() / 1000.0));
  }

  static String text(Object value) {
    return value == null ? "-" : String.valueOf(value);
  }
}
