package io.mercury.cli.filter;

/** A filter or raw query the user typed cannot be understood; the message names it and says why. */
public final class FilterException extends Exception {
  public FilterException(String message) {
    super(message);
  }

  static FilterException badFilter(String filter, String reason) {
    return new FilterException("bad filter '" + filter + "': " + reason);
  }
}
