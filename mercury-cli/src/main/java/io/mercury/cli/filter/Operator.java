package io.mercury.cli.filter;

import java.util.Optional;

/** The comparison of one compact filter, with its symbol and the MongoDB operator it becomes. */
public enum Operator {
  EQ("=", "$eq"),
  NE("!=", "$ne"),
  LT("<", "$lt"),
  LTE("<=", "$lte"),
  GT(">", "$gt"),
  GTE(">=", "$gte"),
  REGEX("~", "$regex"),
  /** A bare {@code key}: the field is present and not null. */
  PRESENT("", "$ne"),
  /** {@code !key}: the field is missing or null. */
  MISSING("!", "$eq");

  /** The characters that can start an operator inside a filter. */
  static final String OPERATOR_CHARS = "=!<>~";

  private final String symbol;
  private final String mongo;

  Operator(String symbol, String mongo) {
    this.symbol = symbol;
    this.mongo = mongo;
  }

  public String symbol() {
    return symbol;
  }

  /** The MongoDB query operator, e.g. {@code $gte}. */
  public String mongo() {
    return mongo;
  }

  /** The comparison operator spelled at {@code text[index]}, longest match first. */
  static Optional<Operator> at(String text, int index) {
    String two = text.length() >= index + 2 ? text.substring(index, index + 2) : "";
    for (Operator op : new Operator[] {NE, LTE, GTE}) {
      if (op.symbol.equals(two)) {
        return Optional.of(op);
      }
    }
    String one = text.substring(index, index + 1);
    for (Operator op : new Operator[] {EQ, LT, GT, REGEX}) {
      if (op.symbol.equals(one)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
