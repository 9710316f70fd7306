package io.mercury.api;

/**
 * An HTTP error answered with the JSON envelope {@code {"error": true, "message": ...}}.
 */
public final class ApiError extends RuntimeException {
  private final int status;

  public ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  static ApiError methodNotAllowed(String method, String path) {
    return new ApiError(405, "method " + method + " is not allowed on " + path);
  }
}
