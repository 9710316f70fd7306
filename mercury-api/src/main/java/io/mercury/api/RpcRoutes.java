package io.mercury.api;

import io.javalin.http.Context;
import io.mercury.common.dispatch.Access;
import io.mercury.common.protocol.frontend.CreateJobReply;
import io.mercury.common.protocol.frontend.FrontendRequest;
import io.mercury.common.protocol.frontend.FrontendWire;
import io.mercury.common.protocol.frontend.JobList;
import io.mercury.common.protocol.frontend.TaskList;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.util.Map;
import java.util.Optional;

/** {@code /api/rpc/jobs} and {@code /api/rpc/task} (docs/protocol.md, "HTTP API"), over the RPC frontend's typed client. */
final class RpcRoutes {
  private final Backend rpc;

  RpcRoutes(Backend rpc) {
    this.rpc = rpc;
  }

  void register(GuardedRoutes routes) {
    routes.post("/api/rpc/jobs", Access.OPERATE, this::create);
    routes.get("/api/rpc/jobs", Access.READ, ctx -> {
      Map<String, Object> projection = Paging.projection(ctx) == null ? Map.of("instruction", 0) : Paging.projection(ctx);
      JobList jobs = rpc.frontend(ctx, f -> f.getJobs(projection, 0));
      ctx.json(FrontendWire.toWire(jobs));
    });
    routes.get("/api/rpc/jobs/{job_id}", Access.READ, ctx -> {
      String id = ctx.pathParam("job_id");
      ctx.json(present(rpc.frontend(ctx, f -> f.getJob(id, Paging.projection(ctx))), "Job " + id + " does not exist").document());
    });
    routes.get("/api/rpc/jobs/{job_id}/status", Access.READ, ctx -> {
      String id = ctx.pathParam("job_id");
      // the job document of a status carries has_failures and tasks as they came
      ctx.json(present(rpc.frontend(ctx, f -> f.getJobStatus(id)), "Job " + id + " does not exist").job().document());
    });
    routes.get("/api/rpc/jobs/{job_id}/tasks", Access.READ, this::tasks);
    routes.get("/api/rpc/task/{task_id}", Access.READ, ctx -> {
      String id = ctx.pathParam("task_id");
      ctx.json(present(rpc.frontend(ctx, f -> f.getTask(id)), "Task not found").document());
    });
  }

  private void create(Context ctx) {
    Map<String, Object> body = JsonBody.object(ctx);
    if (!(body.get("instruction") instanceof Map<?, ?> instruction)) {
      throw ApiError.badRequest(
          "Command is missing from request or is malformed: 'instruction' must be a JSON object, was "
              + JsonBody.kind(body.get("instruction")));
    }
    Map<String, Object> query = JsonBody.query(body);
    // the token's holder; without tokens nobody is identified, so the client address stands in (with
    // CURVE on the frontend takes the name the API acts for instead: api for <name>)
    Caller caller = GuardedRoutes.caller(ctx);
    String requestedBy = caller.role() == Role.SERVICE ? "api " + ctx.ip() : caller.name();
    @SuppressWarnings("unchecked")
    FrontendRequest.CreateJob request =
        new FrontendRequest.CreateJob(query, (Map<String, Object>) instruction, requestedBy, false);
    CreateJobReply created = present(rpc.frontend(ctx, f -> f.createJob(request)), "Query did not match any active agents");
    ctx.json(FrontendWire.toWire(created));
  }

  private void tasks(Context ctx) {
    String id = ctx.pathParam("job_id");
    TaskList page = rpc.frontend(ctx, f -> f.getJobTasks(id, Paging.projection(ctx)));
    if (page.count() == 0) {
      throw ApiError.notFound("No tasks exist for job " + id);
    }
    ctx.json(FrontendWire.toWire(page));
  }

  private static <T> T present(Optional<T> reply, String missing) {
    return reply.orElseThrow(() -> ApiError.notFound(missing));
  }
}
