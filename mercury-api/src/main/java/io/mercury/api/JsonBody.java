package io.mercury.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;

/** Reads a request body that must be a JSON object, with a 400 that says what is wrong. */
final class JsonBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonBody() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Context ctx) {
    String body = ctx.body();
    if (body == null || body.isBlank()) {
      throw ApiError.badRequest("request body is empty; expected a JSON object");
    }
    Object value;
    try {
      value = JSON.readValue(body, Object.class);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest(
          "request body is not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + ")");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw ApiError.badRequest("request body must be a JSON object, was " + kind(value));
    }
    return (Map<String, Object>) map;
  }

  /** The body's {@code query}, which must be an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> query(Map<String, Object> body) {
    if (!(body.get("query") instanceof Map<?, ?> query)) {
      throw ApiError.badRequest(
          "Query is missing from request or is malformed: 'query' must be a JSON object, was " + kind(body.get("query")));
    }
    return (Map<String, Object>) query;
  }

  static String kind(Object value) {
    return switch (value) {
      case null -> "missing or null";
      case Map<?, ?> m -> "an object";
      case java.util.List<?> l -> "an array";
      case String s -> "a string";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      default -> value.getClass().getSimpleName();
    };
  }
}
