package io.mercury.common.dispatch;

/**
 * An endpoint refuses a caller that passed the role check but may not act on this object: an agent
 * speaking for another device, a report for a task dispatched to another device. The reply starts with
 * {@code Permission denied:}, and the refusal is audited whatever the endpoint's access says.
 */
public final class PermissionDeniedException extends EndpointException {
  public PermissionDeniedException(String message) {
    super(message.startsWith("Permission denied") ? message : "Permission denied: " + message);
  }
}
