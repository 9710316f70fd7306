package io.mercury.common.store.audit;

/** The audit trail could not be written; the action it was to record must not go ahead. */
public class AuditException extends RuntimeException {
  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
