package io.mercury.cli.filter;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** A raw MongoDB query given as JSON ({@code -q '{"dmi.sys_vendor": {"$in": ["HP", "Dell"]}}'}). */
public final class JsonQuery {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private JsonQuery() {}

  /** Parses {@code json}, which must be one JSON object. */
  public static Map<String, Object> parse(String json) throws FilterException {
    return parseObject(json, "query JSON");
  }

  /**
   * Parses {@code json}, which must be one JSON object; errors read {@code bad <what>: <reason>}.
   *
   * @param what what the JSON is, for the message, e.g. {@code "-k JSON"}
   */
  public static Map<String, Object> parseObject(String json, String what) throws FilterException {
    if (json.isBlank()) {
      throw new FilterException("bad " + what + ": empty");
    }
    if (!json.strip().startsWith("{")) {
      throw new FilterException("bad " + what + ": must be an object like {\"field\": value}");
    }
    try {
      return MAPPER.readValue(json, OBJECT);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at column " + at.getColumnNr();
      String reason = e.getOriginalMessage().lines().findFirst().orElse("malformed");
      throw new FilterException("bad " + what + where + ": " + reason);
    }
  }
}
