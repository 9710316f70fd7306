package io.mercury.rpc.model;

/** Field names of the job and task documents (the original's, plus Mercury's additions). */
public final class TaskDocs {
  private TaskDocs() {}

  public static final String ID = "_id";
  public static final String TASK_ID = "task_id";
  public static final String JOB_ID = "job_id";
  public static final String MERCURY_ID = "mercury_id";
  public static final String STATUS = "status";
  public static final String BACKEND = "backend";
  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String METHOD = "method";
  public static final String ARGS = "args";
  public static final String KWARGS = "kwargs";
  public static final String TIMEOUT = "timeout";
  public static final String ACTION = "action";
  public static final String PROGRESS = "progress";
  public static final String MESSAGE = "message";
  public static final String TRACEBACK = "traceback";
  public static final String REASON = "reason";
  public static final String HISTORY = "history";
  public static final String TIME_CREATED = "time_created";
  public static final String TIME_DISPATCHED = "time_dispatched";
  public static final String TIME_STARTED = "time_started";
  public static final String TIME_UPDATED = "time_updated";
  public static final String TIME_COMPLETED = "time_completed";
  public static final String TTL_TIME_COMPLETED = "ttl_time_completed";

  public static final String INSTRUCTION = "instruction";
  public static final String QUERY = "query";
  public static final String REQUESTED_BY = "requested_by";
  public static final String TASK_COUNT = "task_count";
  public static final String REMAINING = "remaining";
  public static final String COUNTS = "counts";
  public static final String CANCELLED = "cancelled";
}
