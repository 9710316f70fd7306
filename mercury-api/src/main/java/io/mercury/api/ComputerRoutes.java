package io.mercury.api;

import io.javalin.http.Context;
import io.mercury.common.dispatch.Access;
import io.mercury.common.protocol.inventory.BootUpdateReply;
import io.mercury.common.protocol.inventory.InventoryRequest;
import io.mercury.common.protocol.inventory.InventoryWire;
import io.mercury.common.protocol.inventory.QueryPage;
import io.mercury.common.protocol.inventory.SortDirection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/active/computers} and {@code /api/inventory/computers}, with the boot routes (reference
 * §12). List routes answer the inventory's envelope {@code {total, limit, items, sort_direction}}.
 */
final class ComputerRoutes {
  static final Set<String> BOOT_STATES = Set.of("agent", "local", "rescue");
  private static final String ACTIVE = "/api/active/computers";
  private static final String INVENTORY = "/api/inventory/computers";
  /** Path segments that are routes of their own, never device ids (GET on them is 405). */
  private static final Set<String> RESERVED = Set.of("query", "count", "boot");

  private final Backend inventory;
  private final long defaultLimit;

  ComputerRoutes(Backend inventory, long defaultLimit) {
    this.inventory = inventory;
    this.defaultLimit = defaultLimit;
  }

  void register(GuardedRoutes routes) {
    routes.get(ACTIVE, Access.READ, ctx -> list(ctx, activeOnly(Map.of()), Map.of("mercury_id", 1)));
    routes.get(ACTIVE + "/{mercury_id}", Access.READ, this::activeDetail);
    routes.post(ACTIVE + "/query", Access.READ, ctx -> list(ctx, activeOnly(JsonBody.query(JsonBody.object(ctx))), null));
    routes.get(INVENTORY, Access.READ, ctx -> list(ctx, Map.of(), null));
    routes.get(INVENTORY + "/{mercury_id}", Access.READ, this::inventoryDetail);
    routes.post(INVENTORY + "/query", Access.READ, ctx -> list(ctx, JsonBody.query(JsonBody.object(ctx)), null));
    routes.post(
        INVENTORY + "/count",
        Access.READ,
        ctx -> {
          Map<String, Object> query = JsonBody.query(JsonBody.object(ctx));
          ctx.json(Map.of("count", inventory.inventory(ctx, c -> c.count(query))));
        });
    routes.post(INVENTORY + "/boot/state", Access.OPERATE, ctx -> {
      Map<String, Object> body = JsonBody.object(ctx);
      ctx.json(updateMany(ctx, JsonBody.query(body), Map.of("boot.state", state(body))));
    });
    routes.post(INVENTORY + "/{mercury_id}/boot/state", Access.OPERATE, ctx -> ctx.json(updateOne(ctx, Map.of("boot.state", state(JsonBody.object(ctx))))));
    routes.post(INVENTORY + "/boot/script", Access.OPERATE, ctx -> {
      Map<String, Object> body = JsonBody.object(ctx);
      ctx.json(updateMany(ctx, JsonBody.query(body), script(body)));
    });
    routes.post(INVENTORY + "/{mercury_id}/boot/script", Access.OPERATE, ctx -> ctx.json(updateOne(ctx, script(JsonBody.object(ctx)))));
    routes.post(INVENTORY + "/boot", Access.OPERATE, ctx -> ctx.json(updateMany(ctx, JsonBody.query(JsonBody.object(ctx)), cleared())));
    routes.delete(INVENTORY + "/{mercury_id}/boot", Access.OPERATE, ctx -> ctx.json(updateOne(ctx, cleared())));
    routes.get(INVENTORY + "/{mercury_id}/boot", Access.READ, this::bootOf);
  }

  private void list(Context ctx, Map<String, Object> query, Map<String, Object> defaultProjection) {
    InventoryRequest.Query request = Paging.from(ctx, defaultLimit).query(query, defaultProjection);
    QueryPage page = inventory.inventory(ctx, c -> c.query(request));
    ctx.json(InventoryWire.toWire(page));
  }

  private void activeDetail(Context ctx) {
    String id = deviceId(ctx);
    Map<String, Object> projection = Paging.projection(ctx);
    InventoryRequest.Query request =
        new InventoryRequest.Query(
            activeOnly(Map.of("mercury_id", id)),
            projection == null ? Map.of("active", 1, "mercury_id", 1) : projection,
            1,
            "_id",
            SortDirection.ASCENDING,
            null);
    QueryPage page = inventory.inventory(ctx, c -> c.query(request));
    if (!page.items().isEmpty()) {
      ctx.json(page.items().getFirst());
      return;
    }
    throw ApiError.notFound("mercury_id " + id + " does not exist in inventory or is not active");
  }

  private void inventoryDetail(Context ctx) {
    String id = deviceId(ctx);
    Map<String, Object> projection = Paging.projection(ctx);
    ctx.json(found(id, inventory.inventory(ctx, c -> c.getOne(id, projection))));
  }

  private void bootOf(Context ctx) {
    String id = ctx.pathParam("mercury_id");
    Map<String, Object> device = found(id, inventory.inventory(ctx, c -> c.getOne(id, Map.of("boot", 1))));
    Map<String, Object> reply = new LinkedHashMap<>();
    if (device.get("boot") != null) {
      reply.put("boot", device.get("boot"));
    }
    ctx.json(reply);
  }

  private Map<String, Object> updateMany(Context ctx, Map<String, Object> query, Map<String, Object> bootData) {
    BootUpdateReply reply = inventory.inventory(ctx, c -> c.updateBootMany(query, bootData));
    return InventoryWire.toWire(reply);
  }

  private Map<String, Object> updateOne(Context ctx, Map<String, Object> bootData) {
    String id = ctx.pathParam("mercury_id");
    BootUpdateReply reply = inventory.inventory(ctx, c -> c.updateBoot(id, bootData));
    if (reply.matchedCount() == 0) {
      throw ApiError.notFound("mercury_id " + id + " does not exist in inventory");
    }
    return InventoryWire.toWire(reply);
  }

  private static Map<String, Object> found(String id, Optional<Map<String, Object>> device) {
    return device.orElseThrow(() -> ApiError.notFound("mercury_id " + id + " does not exist in inventory"));
  }

  /** The {@code {mercury_id}} of a GET; the names of other routes are not ids. */
  private static String deviceId(Context ctx) {
    String id = ctx.pathParam("mercury_id");
    if (RESERVED.contains(id)) {
      throw ApiError.methodNotAllowed(ctx.method().name(), ctx.path());
    }
    return id;
  }

  static String state(Map<String, Object> body) {
    Object state = body.get("state");
    if (state == null) {
      throw ApiError.badRequest("`state` is not provided in request");
    }
    if (!(state instanceof String s) || !BOOT_STATES.contains(s)) {
      throw ApiError.badRequest("State must be one of agent,local,rescue; was " + (state instanceof String ? "'" + state + "'" : JsonBody.kind(state)));
    }
    return s;
  }

  private static Map<String, Object> script(Map<String, Object> body) {
    if (!body.containsKey("script")) {
      throw ApiError.badRequest("`script` is not provided in request");
    }
    Object script = body.get("script");
    if (script != null && !(script instanceof String)) {
      throw ApiError.badRequest("`script` must be a string (an iPXE script, Mustache allowed) or null, was " + JsonBody.kind(script));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("boot.script", script);
    return data;
  }

  private static Map<String, Object> cleared() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("boot.script", null);
    data.put("boot.state", "agent");
    return data;
  }

  private static Map<String, Object> activeOnly(Map<String, Object> query) {
    Map<String, Object> notNull = new LinkedHashMap<>();
    notNull.put("$ne", null);
    Map<String, Object> active = Map.of("active", notNull);
    if (query.isEmpty()) {
      return active;
    }
    Map<String, Object> and = new LinkedHashMap<>();
    and.put("$and", new ArrayList<Object>(List.of(query, active)));
    return and;
  }
}
