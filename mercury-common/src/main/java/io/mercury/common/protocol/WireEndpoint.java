package io.mercury.common.protocol;

import java.util.Locale;

/** An endpoint of a Mercury service, as each service's endpoint enum declares them. */
public interface WireEndpoint {
  /** The enum constant's name, e.g. {@code GET_ONE}. */
  String name();

  /** The name a request's {@code endpoint} carries: the constant's name in lower case, e.g. {@code get_one}. */
  default String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
