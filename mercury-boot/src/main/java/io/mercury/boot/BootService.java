package io.mercury.boot;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot service's HTTP server (docs/protocol.md, "Boot service"): {@code GET /boot} (the discovery script),
 * {@code GET /boot/discover/{mac}} (the decision), and, when a directory is configured,
 * {@code GET|HEAD /files/{name}} (the agent image's files, with range requests). Scripts are
 * {@code text/plain}. Every request is logged, with the MAC and the decision where there is one, and
 * handed to the event listener.
 */
public final class BootService implements AutoCloseable {
  public static final String NAME = "mercury-boot";
  private static final Logger log = LoggerFactory.getLogger(BootService.class);
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}([:-][0-9a-f]{2}){5}");
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String EVENT = "mercury.boot.event";

  private final Javalin app;

  private BootService(Javalin app) {
    this.app = app;
  }

  /**
   * Starts the server.
   *
   * @param host address to listen on
   * @param port port, 0 for an ephemeral one
   * @param decider the boot decisions
   * @param files directory of the agent image's files, or null to serve none
   * @param listener sees every request after it was answered
   */
  public static BootService start(
      String host, int port, BootDecider decider, Path files, Consumer<BootEvent> listener) {
    ImageFiles images = files == null ? null : new ImageFiles(files);
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.router.ignoreTrailingSlashes = true;
              cfg.http.prefer405over404 = true;
              cfg.routes.get("/boot", ctx -> discovery(ctx));
              cfg.routes.get("/boot/discover/{mac}", ctx -> discover(ctx, decider));
              if (images != null) {
                cfg.routes.get("/files/{name}", ctx -> file(ctx, images, false));
                cfg.routes.head("/files/{name}", ctx -> file(ctx, images, true));
              }
              cfg.routes.error(404, ctx -> plainError(ctx, "not found: " + ctx.path()));
              cfg.routes.error(405, ctx -> plainError(ctx, "method not allowed: " + ctx.method() + " " + ctx.path()));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    log.error("request {} {} failed", ctx.method(), ctx.path(), e);
                    // the client gets no exception text: it can name internals; the log has it all
                    ctx.status(500).contentType(TEXT).result(Scripts.problem("boot service error; the boot service's log has the details"));
                  });
              cfg.requestLogger.http((ctx, ms) -> logged(ctx, listener));
            });
    app.start(host, port);
    log.info("{} listening on http://{}:{} (files: {})", NAME, host, app.port(), files == null ? "not served" : files);
    return new BootService(app);
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  private static void discovery(Context ctx) {
    String bootUrl = ctx.scheme() + "://" + ctx.host();
    ctx.contentType(TEXT).result(Scripts.discovery(bootUrl));
    ctx.attribute(EVENT, new Decided(null, "discovery", null));
  }

  private static void discover(Context ctx, BootDecider decider) {
    String raw = ctx.pathParam("mac").toLowerCase(Locale.ROOT);
    if (!MAC.matcher(raw).matches()) {
      ctx.status(400).contentType(TEXT).result(Scripts.problem("not a MAC address: " + raw));
      ctx.attribute(EVENT, new Decided(raw, "invalid-mac", null));
      return;
    }
    String mac = raw.replace('-', ':');
    String discoverUrl = ctx.scheme() + "://" + ctx.host() + "/boot/discover/" + mac;
    BootDecision decision = decider.decide(mac, discoverUrl);
    ctx.contentType(TEXT).result(decision.script());
    ctx.attribute(EVENT, new Decided(mac, decision.kind().label(), decision.mercuryId()));
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, String.valueOf(decision.mercuryId()))) {
      switch (decision.kind()) {
        case DUPLICATE, BAD_SCRIPT, UNSAFE_VALUE, INVENTORY_ERROR ->
            log.error("boot mac={} decision={}: {}", mac, decision.kind().label(), decision.detail());
        default -> {
          if (!decision.detail().isEmpty()) {
            log.warn("boot mac={} decision={}: {}", mac, decision.kind().label(), decision.detail());
          }
        }
      }
    }
  }

  private static void file(Context ctx, ImageFiles images, boolean head) throws IOException {
    String name = ctx.pathParam("name");
    Optional<Path> file = images.resolve(name);
    if (file.isEmpty()) {
      plainError(ctx.status(404), "no such file: " + name);
      ctx.attribute(EVENT, new Decided(null, "file-missing", null));
      return;
    }
    images.serve(ctx, file.get(), head);
    ctx.attribute(EVENT, new Decided(null, "file", null));
  }

  private static void plainError(Context ctx, String message) {
    ctx.contentType(TEXT).result(message + "\n");
  }

  private static void logged(Context ctx, Consumer<BootEvent> listener) {
    Decided decided = ctx.attribute(EVENT);
    if (decided == null) {
      decided = new Decided(null, "none", null);
    }
    BootEvent event =
        new BootEvent(
            ctx.method().name(), ctx.path(), ctx.ip(), decided.mac(), decided.decision(), decided.mercuryId(), ctx.statusCode());
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, String.valueOf(decided.mercuryId()))) {
      log.info(
          "{} {} from {} mac={} decision={} mercury_id={} status={}",
          event.method(), event.path(), event.client(), event.mac(), event.decision(), event.mercuryId(), event.status());
    }
    listener.accept(event);
  }

  /** What a handler decided, for the request log. */
  private record Decided(String mac, String decision, String mercuryId) {}

  @Override
  public void close() {
    app.stop();
  }
}
