package io.mercury.common.protocol.frontend;

import java.util.Map;
import java.util.Objects;

/**
 * The arguments of one call to the RPC frontend, one record per endpoint. Queries, projections, the
 * instruction document and the backend's task reports stay maps: they are free-form documents, not
 * protocol. {@link FrontendWire} turns a record into its {@code Request} and a bound request back into
 * its record.
 */
public sealed interface FrontendRequest {
  FrontendEndpoint endpoint();

  /**
   * {@code create_job(query, instruction, requested_by=None, unless_none_can=False)}.
   *
   * @param instruction the instruction document, as the job stores it ({@link FrontendWire#toWire(Instruction)})
   * @param requestedBy who asks, or null
   * @param unlessNoneCan create no job when every target refuses the call at once (Mercury's mcli)
   */
  record CreateJob(Map<String, Object> query, Map<String, Object> instruction, String requestedBy, boolean unlessNoneCan)
      implements FrontendRequest {
    public CreateJob {
      Objects.requireNonNull(query, "query is null");
      Objects.requireNonNull(instruction, "instruction is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.CREATE_JOB;
    }
  }

  /** {@code get_job(job_id, projection=None)}; a null projection returns the whole document. */
  record GetJob(String jobId, Map<String, Object> projection) implements FrontendRequest {
    public GetJob {
      Objects.requireNonNull(jobId, "jobId is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.GET_JOB;
    }
  }

  /** {@code get_job_status(job_id)}. */
  record GetJobStatus(String jobId) implements FrontendRequest {
    public GetJobStatus {
      Objects.requireNonNull(jobId, "jobId is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.GET_JOB_STATUS;
    }
  }

  /** {@code get_job_tasks(job_id, projection=None)}. */
  record GetJobTasks(String jobId, Map<String, Object> projection) implements FrontendRequest {
    public GetJobTasks {
      Objects.requireNonNull(jobId, "jobId is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.GET_JOB_TASKS;
    }
  }

  /** {@code get_task(task_id)}. */
  record GetTask(String taskId) implements FrontendRequest {
    public GetTask {
      Objects.requireNonNull(taskId, "taskId is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.GET_TASK;
    }
  }

  /**
   * {@code get_jobs(projection=None, limit=0)}, newest first.
   *
   * @param projection the fields to return, or null for all but press templates and assets
   * @param limit most jobs, 0 for all (the frontend refuses a negative one)
   */
  record GetJobs(Map<String, Object> projection, long limit) implements FrontendRequest {
    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.GET_JOBS;
    }
  }

  /** {@code get_active_tasks_by_mercury_id(mercury_id)}: the device's open tasks. */
  record GetActiveTasksByMercuryId(String mercuryId) implements FrontendRequest {
    public GetActiveTasksByMercuryId {
      Objects.requireNonNull(mercuryId, "mercuryId is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.GET_ACTIVE_TASKS_BY_MERCURY_ID;
    }
  }

  /** {@code update_task(update_data)}: an agent's progress report, relayed by a backend (with {@code task_id}). */
  record UpdateTask(Map<String, Object> updateData) implements FrontendRequest {
    public UpdateTask {
      Objects.requireNonNull(updateData, "updateData is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.UPDATE_TASK;
    }
  }

  /** {@code complete_task(return_data)}: an agent's result, relayed by a backend (with {@code task_id}, {@code status}, {@code message}). */
  record CompleteTask(Map<String, Object> returnData) implements FrontendRequest {
    public CompleteTask {
      Objects.requireNonNull(returnData, "returnData is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.COMPLETE_TASK;
    }
  }

  /** {@code cancel_job(job_id, requested_by=None)}. */
  record CancelJob(String jobId, String requestedBy) implements FrontendRequest {
    public CancelJob {
      Objects.requireNonNull(jobId, "jobId is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.CANCEL_JOB;
    }
  }

  /**
   * {@code find_ids(kind, prefix)}: the ids an operator's shortened id may stand for.
   *
   * @param kind {@code job} or {@code task} (the frontend refuses anything else, naming it)
   * @param prefix 4 or more hex digits and dashes
   */
  record FindIds(String kind, String prefix) implements FrontendRequest {
    public FindIds {
      Objects.requireNonNull(kind, "kind is null");
      Objects.requireNonNull(prefix, "prefix is null");
    }

    @Override
    public FrontendEndpoint endpoint() {
      return FrontendEndpoint.FIND_IDS;
    }
  }
}
