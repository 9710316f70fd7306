package io.mercury.log.record;

/** The field names of a stored event that queries and the follow stream rely on. */
public final class StoredFields {
  public static final String SEQ = "seq";
  public static final String TIME = "time";
  public static final String TIME_CREATED = "time_created";
  public static final String LEVEL = "level";
  public static final String LEVELNO = "levelno";
  public static final String SERVICE = "service";
  public static final String HOST = "host";
  public static final String VERSION = "version";
  public static final String MERCURY_ID = "mercury_id";
  public static final String JOB_ID = "job_id";
  public static final String TASK_ID = "task_id";
  public static final String LOGGER = "logger";
  public static final String THREAD = "thread";
  public static final String MESSAGE = "message";
  public static final String EXCEPTION = "exception";
  /** {@code mercury} for our structured events, {@code original} for Python log records. */
  public static final String ORIGIN = "origin";
  /** {@code mismatch} when the record claimed another sender than the one authenticated; else absent. */
  public static final String IDENTITY = "identity";
  /** With {@code identity: mismatch}: the {@code service} and {@code mercury_id} the record claimed. */
  public static final String CLAIMED = "claimed";

  private StoredFields() {}
}
