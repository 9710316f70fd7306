package io.mercury.common.logging;

/** Names of the fields every Mercury log event may carry. */
public final class LogKeys {
  public static final String SERVICE = "service";
  public static final String VERSION = "version";
  public static final String HOST = "host";
  public static final String MERCURY_ID = "mercury_id";
  public static final String JOB_ID = "job_id";
  public static final String TASK_ID = "task_id";

  private LogKeys() {}
}
