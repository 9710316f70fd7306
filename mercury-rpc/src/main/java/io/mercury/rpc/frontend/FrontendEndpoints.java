package io.mercury.rpc.frontend;

import static io.mercury.common.dispatch.Param.optional;
import static io.mercury.common.dispatch.Param.required;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.BoundArgs;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.Param;
import io.mercury.common.dispatch.ParamType;
import io.mercury.common.protocol.frontend.FrontendEndpoint;
import io.mercury.common.protocol.frontend.FrontendRequest;
import io.mercury.common.protocol.frontend.FrontendWire;
import io.mercury.rpc.backend.TaskReportCalls;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.store.TaskReports;

/**
 * The frontend's endpoints (docs/protocol.md, "RPC frontend") with the original's names and reply shapes,
 * plus {@code cancel_job} and {@code find_ids} (what a shortened job or task id stands for). Each request
 * is read into its {@link FrontendRequest} record and each reply written from its record by {@link
 * FrontendWire}. An authenticated operator is recorded as {@code requested_by} whatever the request claims.
 */
final class FrontendEndpoints {
  private final JobService jobs;
  private final IdPrefix ids;
  private final TaskReports reports;

  private FrontendEndpoints(JobService jobs, IdPrefix ids, TaskReports reports) {
    this.jobs = jobs;
    this.ids = ids;
    this.reports = reports;
  }

  static EndpointRegistry registry(JobService jobs, RpcStore store, TaskReports reports) {
    FrontendEndpoints endpoints = new FrontendEndpoints(jobs, new IdPrefix(store), reports);
    EndpointRegistry registry = new EndpointRegistry();
    for (FrontendEndpoint endpoint : FrontendEndpoint.values()) {
      registry.register(
          endpoint.wireName(),
          access(endpoint),
          a -> endpoints.handle(FrontendWire.request(endpoint, a::get), a),
          params(endpoint));
    }
    return registry;
  }

  private static Access access(FrontendEndpoint endpoint) {
    return switch (endpoint) {
      case CREATE_JOB, CANCEL_JOB -> Access.OPERATE.forDaemons("api");
      case UPDATE_TASK, COMPLETE_TASK -> Access.SERVICE.forDaemons("backend");
      case GET_JOB, GET_JOB_STATUS, GET_JOB_TASKS, GET_TASK, GET_JOBS, GET_ACTIVE_TASKS_BY_MERCURY_ID, FIND_IDS ->
          Access.READ.forDaemons("api");
    };
  }

  private static Param[] params(FrontendEndpoint endpoint) {
    return switch (endpoint) {
      case CREATE_JOB ->
          new Param[] {
            required("query", ParamType.MAP),
            required("instruction", ParamType.MAP),
            optional("requested_by", ParamType.STRING, null),
            optional("unless_none_can", ParamType.BOOLEAN, false)
          };
      case GET_JOB, GET_JOB_TASKS ->
          new Param[] {required("job_id", ParamType.STRING), optional("projection", ParamType.MAP, null)};
      case GET_JOB_STATUS -> new Param[] {required("job_id", ParamType.STRING)};
      case GET_TASK -> new Param[] {required("task_id", ParamType.STRING)};
      case GET_JOBS -> new Param[] {optional("projection", ParamType.MAP, null), optional("limit", ParamType.INTEGER, 0L)};
      case GET_ACTIVE_TASKS_BY_MERCURY_ID -> new Param[] {required("mercury_id", ParamType.STRING)};
      case UPDATE_TASK -> new Param[] {required("update_data", ParamType.MAP)};
      case COMPLETE_TASK -> new Param[] {required("return_data", ParamType.MAP)};
      case CANCEL_JOB -> new Param[] {required("job_id", ParamType.STRING), optional("requested_by", ParamType.STRING, null)};
      case FIND_IDS -> new Param[] {required("kind", ParamType.STRING), required("prefix", ParamType.STRING)};
    };
  }

  /** The reply's {@code message} for {@code request}. */
  private Object handle(FrontendRequest request, BoundArgs call) throws Exception {
    return switch (request) {
      case FrontendRequest.CreateJob r -> jobs.create(r, call.actor(r.requestedBy())).map(FrontendWire::toWire).orElse(null);
      case FrontendRequest.GetJob r -> jobs.job(r.jobId(), r.projection()).map(j -> j.document()).orElse(null);
      case FrontendRequest.GetJobStatus r -> jobs.status(r.jobId()).map(FrontendWire::toWire).orElse(null);
      case FrontendRequest.GetJobTasks r -> FrontendWire.toWire(jobs.tasks(r.jobId(), r.projection()));
      case FrontendRequest.GetTask r -> jobs.task(r.taskId()).map(t -> t.document()).orElse(null);
      case FrontendRequest.GetJobs r -> FrontendWire.toWire(jobs.jobs(r.projection(), r.limit()));
      case FrontendRequest.GetActiveTasksByMercuryId r -> FrontendWire.toWire(jobs.activeTasksOf(r.mercuryId()));
      case FrontendRequest.UpdateTask r -> {
        reports.update(TaskReportCalls.update(r.updateData()));
        yield null;
      }
      case FrontendRequest.CompleteTask r -> {
        TaskReportCalls.complete(reports, TaskReportCalls.completion(r.returnData()), null);
        yield null;
      }
      case FrontendRequest.CancelJob r -> FrontendWire.toWire(jobs.cancel(r.jobId(), call.actor(r.requestedBy())));
      case FrontendRequest.FindIds r -> ids.find(r.kind(), r.prefix());
    };
  }
}
