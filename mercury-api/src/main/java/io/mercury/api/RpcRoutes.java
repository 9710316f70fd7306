package io.mercury.api;

import io.javalin.http.Context;
import io.mercury.common.dispatch.Access;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/rpc/jobs} and {@code /api/rpc/task} (docs/protocol.md, "HTTP API"), over the RPC frontend. */
final class RpcRoutes {
  private final Backend rpc;

  RpcRoutes(Backend rpc) {
    this.rpc = rpc;
  }

  void register(GuardedRoutes routes) {
    routes.post("/api/rpc/jobs", Access.OPERATE, this::create);
    routes.get("/api/rpc/jobs", Access.READ, ctx -> {
      Map<String, Object> kwargs = new LinkedHashMap<>();
      kwargs.put("projection", Paging.projection(ctx) == null ? Map.of("instruction", 0) : Paging.projection(ctx));
      ctx.json(rpc.call(ctx, "get_jobs", List.of(), kwargs));
    });
    routes.get("/api/rpc/jobs/{job_id}", Access.READ, ctx -> {
      String id = ctx.pathParam("job_id");
      Map<String, Object> kwargs = new LinkedHashMap<>();
      kwargs.put("projection", Paging.projection(ctx));
      ctx.json(present(rpc.call(ctx, "get_job", List.of(id), kwargs), "Job " + id + " does not exist"));
    });
    routes.get("/api/rpc/jobs/{job_id}/status", Access.READ, ctx -> {
      String id = ctx.pathParam("job_id");
      ctx.json(present(rpc.call(ctx, "get_job_status", List.of(id), Map.of()), "Job " + id + " does not exist"));
    });
    routes.get("/api/rpc/jobs/{job_id}/tasks", Access.READ, this::tasks);
    routes.get("/api/rpc/task/{task_id}", Access.READ, ctx ->
        ctx.json(present(rpc.call(ctx, "get_task", List.of(ctx.pathParam("task_id")), Map.of()), "Task not found")));
  }

  private void create(Context ctx) {
    Map<String, Object> body = JsonBody.object(ctx);
    if (!(body.get("instruction") instanceof Map<?, ?> instruction)) {
      throw ApiError.badRequest(
          "Command is missing from request or is malformed: 'instruction' must be a JSON object, was "
              + JsonBody.kind(body.get("instruction")));
    }
    Map<String, Object> query = JsonBody.query(body);
    Map<String, Object> kwargs = new LinkedHashMap<>();
    // the token's holder; without tokens nobody is identified, so the client address stands in (with
    // CURVE on the frontend takes the name the API acts for instead: api for <name>)
    Caller caller = GuardedRoutes.caller(ctx);
    kwargs.put("requested_by", caller.role() == Role.SERVICE ? "api " + ctx.ip() : caller.name());
    Object reply = rpc.call(ctx, "create_job", List.of(query, instruction), kwargs, false);
    ctx.json(present(reply, "Query did not match any active agents"));
  }

  private void tasks(Context ctx) {
    String id = ctx.pathParam("job_id");
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("projection", Paging.projection(ctx));
    Object reply = rpc.call(ctx, "get_job_tasks", List.of(id), kwargs);
    if (!(reply instanceof Map<?, ?> page) || !(page.get("count") instanceof Number n) || n.longValue() == 0) {
      throw ApiError.notFound("No tasks exist for job " + id);
    }
    ctx.json(reply);
  }

  private static Object present(Object reply, String missing) {
    if (reply == null) {
      throw ApiError.notFound(missing);
    }
    return reply;
  }
}
