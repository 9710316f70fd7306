package io.mercury.api;

import com.mongodb.client.MongoClient;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.daemon.Daemon;
import io.mercury.common.daemon.DaemonLauncher;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.MongoConnector;
import io.mercury.common.store.MongoSettings;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The HTTP API daemon: {@code mercury-api [--api-host H] [--api-port 9005] [...]}, or
 * {@code mercury-api --hash-token < token} to print the digest to put in {@code api.auth.tokens}.
 */
public final class ApiMain implements Daemon<ApiConfig> {
  private static final Logger log = LoggerFactory.getLogger(ApiMain.class);

  public static void main(String[] args) throws InterruptedException, IOException {
    if (!Arrays.asList(args).contains("--help") && Arrays.asList(args).contains("--hash-token")) {
      hashToken();
      return;
    }
    DaemonLauncher.launch(new ApiMain(), args);
  }

  /** Reads a token on stdin and prints its digest for {@code api.auth.tokens}. */
  private static void hashToken() throws IOException {
    String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (token == null || token.isBlank()) {
      System.err.println(ApiService.NAME + ": --hash-token reads the token from stdin; got nothing");
      System.exit(2);
    }
    System.out.println(TokenAuth.hash(token.strip()));
  }

  @Override
  public String name() {
    return ApiService.NAME;
  }

  @Override
  public String usage() {
    return "mercury-api [-c FILE] [OPTIONS]\n"
        + "       mercury-api --hash-token   (reads a token on stdin, prints its digest for api.auth.tokens)";
  }

  @Override
  public ConfigSpec spec() {
    return ApiConfig.spec();
  }

  @Override
  public ApiConfig configuration(Configuration cfg) {
    return ApiConfig.from(cfg);
  }

  @Override
  public void start(ApiConfig config, ServiceRunner runner) {
    ZContext context = runner.manage(new ZContext());
    TransportSecurity security = runner.manage(TransportSecurity.start(ApiService.NAME, config.security(), context, null));
    ServiceClient inventory =
        runner.manage(new ServiceClient(context, config.inventoryRouter(), client(config, security, "inventory")));
    ServiceClient rpc = runner.manage(new ServiceClient(context, config.rpcRouter(), client(config, security, "rpc")));
    runner.manage(
        ApiService.start(
            config.service(), new Backend("inventory", inventory), new Backend("rpc", rpc), auditTrail(config, runner)));
  }

  private static ClientSettings client(ApiConfig config, TransportSecurity security, String service) {
    return ClientSettings.defaults(service)
        .withTimeout(config.timeout().dividedBy(2))
        .withRetries(1)
        .withCurve(security.client(service));
  }

  /** The audit trail; the store is not required at start, only for changes (refused with 503 without it). */
  private static AuditTrail auditTrail(ApiConfig config, ServiceRunner runner) {
    MongoSettings store = config.auditStore();
    MongoClient client = runner.manage(MongoConnector.connect(store));
    log.info("audit trail: {} database {}", MongoConnector.describe(store), store.database());
    return AuditTrail.in(client.getDatabase(store.database()), ApiService.NAME, InstantSource.system());
  }
}
