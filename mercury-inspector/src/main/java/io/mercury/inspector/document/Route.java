package io.mercury.inspector.document;

import java.util.List;

/**
 * One line of {@code ip route show}.
 *
 * @param type the route type when the line starts with one ({@code unreachable}), else null
 * @param attributes each keyword with its value, in the line's order
 */
public record Route(String type, String destination, List<Attribute> attributes) {
  public Route {
    attributes = List.copyOf(attributes);
  }

  /** A keyword and its value; a flag standing alone ({@code onlink}) has a null value. */
  public record Attribute(String name, String value) {}
}
