package io.mercury.cli;

import io.mercury.common.config.ConfigException;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.Role;
import io.mercury.common.security.SecuritySettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli keygen}: creates a CURVE key pair, {@code <dir>/<name>.key} (0600, directory 0700) and
 * {@code <dir>/<name>.pub} (0644), never overwriting. With {@code --role} (an operator's key), the role
 * is written into the files' metadata, as the daemons read it from {@code <keys_dir>/operators/*.pub}.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Create a CURVE key pair: DIR/NAME.key (secret, mode 0600) and DIR/NAME.pub (public).",
      "A daemon's key is named after its service (inventory, rpc, backend, log, boot, api);",
      "an operator key gets --role and its .pub goes into the daemons' keys_dir/operators/.",
      "Examples:",
      "  mcli keygen --dir /etc/mercury/keys --name inventory",
      "  mcli keygen --dir ~/.mercury/keys --name operator --role admin"
    })
public final class KeyInitCommand implements Callable<Integer> {
  @ParentCommand private Mcli mcli;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory to write the key files to.")
  private Path dir;

  @Option(names = "--name", defaultValue = "operator", paramLabel = "NAME", description = "Key name (default: ${DEFAULT-VALUE}).")
  private String name;

  @Option(names = "--role", paramLabel = "ROLE", description = "Operator role written into the key: admin, operator or read-only.")
  private String role;

  @Override
  public Integer call() throws CliException {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw CliException.usage("--name must be letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("name", name);
    if (role != null) {
      Role parsed;
      try {
        parsed = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--role: " + e.getMessage());
      }
      meta.put("role", parsed.wireName());
    }
    CurveKeyPair key = CurveKeyPair.generate();
    try {
      KeyFiles.save(dir, name, key, meta);
    } catch (ConfigException e) {
      throw CliException.failure(e.getMessage());
    }
    var out = mcli.context().out();
    out.println("wrote " + KeyFiles.secretFile(dir, name) + " and " + KeyFiles.publicFile(dir, name));
    out.println("public key  " + key.publicKey());
    out.println("fingerprint " + KeyEntry.fingerprint(key.publicKey()).substring(0, KeyEntry.SHORT_FINGERPRINT));
    if (role != null) {
      out.println("authorise it: copy " + KeyFiles.publicFile(dir, name) + " to <keys_dir>/" + SecuritySettings.OPERATORS + "/ on the daemons");
    }
    out.flush();
    return 0;
  }
}
