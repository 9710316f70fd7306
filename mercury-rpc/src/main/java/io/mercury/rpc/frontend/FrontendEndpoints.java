package io.mercury.rpc.frontend;

import static io.mercury.common.dispatch.Param.optional;
import static io.mercury.common.dispatch.Param.required;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.ParamType;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.backend.TaskReportCalls;
import io.mercury.rpc.store.TaskReports;

/** The frontend's endpoints (docs/protocol.md, "RPC frontend") with the original's names and reply shapes, plus {@code cancel_job}
 * and {@code find_ids} (what a shortened job or task id stands for).
 * An authenticated operator is recorded as {@code requested_by} whatever the request claims. */
final class FrontendEndpoints {
  private FrontendEndpoints() {}

  static EndpointRegistry registry(JobService jobs, RpcStore store, TaskReports reports) {
    return new EndpointRegistry()
        .register(
            "create_job",
            Access.OPERATE.forDaemons("api"),
            a -> jobs.create(a.map("query"), a.map("instruction"), a.actor(a.string("requested_by")), a.bool("unless_none_can")),
            required("query", ParamType.MAP),
            required("instruction", ParamType.MAP),
            optional("requested_by", ParamType.STRING, null),
            optional("unless_none_can", ParamType.BOOLEAN, false))
        .register(
            "get_job",
            Access.READ.forDaemons("api"),
            a -> jobs.job(a.string("job_id"), a.map("projection")).orElse(null),
            required("job_id", ParamType.STRING),
            optional("projection", ParamType.MAP, null))
        .register("get_job_status", Access.READ.forDaemons("api"), a -> jobs.status(a.string("job_id")), required("job_id", ParamType.STRING))
        .register(
            "get_job_tasks",
            Access.READ.forDaemons("api"),
            a -> jobs.tasks(a.string("job_id"), a.map("projection")),
            required("job_id", ParamType.STRING),
            optional("projection", ParamType.MAP, null))
        .register("get_task", Access.READ.forDaemons("api"), a -> store.task(a.string("task_id")).orElse(null), required("task_id", ParamType.STRING))
        .register(
            "get_jobs",
            Access.READ.forDaemons("api"),
            a -> jobs.jobs(a.map("projection"), a.integer("limit")),
            optional("projection", ParamType.MAP, null),
            optional("limit", ParamType.INTEGER, 0L))
        .register(
            "find_ids",
            Access.READ.forDaemons("api"),
            a -> IdPrefix.find(store, a.string("kind"), a.string("prefix")),
            required("kind", ParamType.STRING),
            required("prefix", ParamType.STRING))
        .register(
            "get_active_tasks_by_mercury_id",
            Access.READ.forDaemons("api"),
            a -> jobs.activeTasksOf(a.string("mercury_id")),
            required("mercury_id", ParamType.STRING))
        .register(
            "update_task",
            Access.SERVICE.forDaemons("backend"),
            a -> {
              reports.update(TaskReportCalls.update(a.map("update_data")));
              return null;
            },
            required("update_data", ParamType.MAP))
        .register(
            "complete_task",
            Access.SERVICE.forDaemons("backend"),
            a -> {
              TaskReportCalls.complete(reports, TaskReportCalls.completion(a.map("return_data")), null);
              return null;
            },
            required("return_data", ParamType.MAP))
        .register(
            "cancel_job",
            Access.OPERATE.forDaemons("api"),
            a -> jobs.cancel(a.string("job_id"), a.actor(a.string("requested_by"))),
            required("job_id", ParamType.STRING),
            optional("requested_by", ParamType.STRING, null));
  }
}
