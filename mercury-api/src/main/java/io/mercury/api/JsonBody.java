package io.mercury.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Reads a request body that must be a JSON object, with a 400 that says what is wrong. Objects and arrays
 * may nest {@value #MAX_DEPTH} levels deep (queries are refused deeper than 32 anyway); a deeper body is
 * refused before it is built. Anything after the object is refused too.
 */
final class JsonBody {
  static final int MAX_DEPTH = 64;
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
              .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
    } catch (StreamConstraintsException e) {
      throw ApiError.badRequest(
          e.getMessage().contains("nesting depth")
              ? "request body is nested deeper than " + MAX_DEPTH + " levels of objects and arrays"
              : "request body exceeds a JSON parsing limit (a number or a string too long)");
    } catch (JsonParseException e) {
      JsonLocation at = e.getLocation();
      throw ApiError.badRequest(
          "request body is not valid JSON: " + e.getOriginalMessage()
              + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (JsonProcessingException e) {
      // the parser's other complaint is content after the value; its text names Jackson's internals
      throw ApiError.badRequest("request body is not valid JSON: it holds more than one value");
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
