package io.mercury.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names the API answers to ({@code api.allowed_hosts}), checked against each request's {@code Host}
 * header and, on changes, its {@code Origin}: a page of another site that a browser was tricked into
 * sending here (cross-site request forgery, or DNS rebinding, which points another name at this address)
 * carries another name.
 *
 * <p>An entry is {@code name} or {@code name:port}; an IPv6 address is written in brackets,
 * {@code [::1]:9005}. An entry without a port stands for the port the API listens on. The defaults are
 * the bind address, {@code localhost}, {@code 127.0.0.1} and {@code [::1]}.
 *
 * <p>A {@code Host} with a port must match an entry's name and port; one without a port (as a client
 * sends for port 80 or 443, or as a proxy forwards it) must match an entry's name. An {@code Origin}
 * ({@code http} or {@code https}) must match an entry's name and port, its port being 80 or 443 when it
 * names none.
 */
final class AllowedHosts {
  /** {@code name}, {@code name:port}, {@code [v6]} or {@code [v6]:port}. */
  private static final Pattern ENTRY = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?");
  private static final int LISTENING_PORT = 0;

  /**
   * One allowed name.
   *
   * @param name lower case; an IPv6 address in brackets
   * @param port the port, or 0 for the port the API listens on
   */
  private record Entry(String name, int port) {
    int port(int listening) {
      return port == LISTENING_PORT ? listening : port;
    }

    @Override
    public String toString() {
      return port == LISTENING_PORT ? name : name + ":" + port;
    }
  }

  private final List<Entry> entries;

  private AllowedHosts(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * From {@code api.allowed_hosts}, or the defaults when it is empty.
   *
   * @param configured the entries, each {@code name} or {@code name:port}
   * @param bindHost the address the API listens on ({@code api.host})
   * @throws IllegalArgumentException when an entry is not a name, an address or either with a port
   */
  static AllowedHosts of(List<String> configured, String bindHost) {
    List<Entry> entries = new ArrayList<>();
    if (configured.isEmpty()) {
      for (String name : List.of(bracketed(bindHost), "localhost", "127.0.0.1", "[::1]")) {
        Entry entry = new Entry(name.toLowerCase(Locale.ROOT), LISTENING_PORT);
        if (!entries.contains(entry)) {
          entries.add(entry);
        }
      }
      return new AllowedHosts(entries);
    }
    for (String text : configured) {
      Entry entry = parse(text.strip());
      if (entry == null) {
        throw new IllegalArgumentException(
            "api.allowed_hosts: '" + text + "' is not a host name or address, with or without :port (an IPv6 address in brackets: [::1]:9005)");
      }
      entries.add(entry);
    }
    return new AllowedHosts(entries);
  }

  /** Whether a request's {@code Host} header names this API. */
  boolean allowsHost(String header, int listeningPort) {
    Entry host = parse(header.strip());
    if (host == null) {
      return false;
    }
    for (Entry e : entries) {
      if (e.name().equals(host.name()) && (host.port() == LISTENING_PORT || host.port() == e.port(listeningPort))) {
        return true;
      }
    }
    return false;
  }

  /** Whether an {@code Origin} header names a page served under one of the allowed names. */
  boolean allowsOrigin(String origin, int listeningPort) {
    URI uri;
    try {
      uri = new URI(origin.strip());
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || !(scheme.equals("http") || scheme.equals("https"))) {
      return false;
    }
    String name = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    for (Entry e : entries) {
      if (e.name().equals(name) && e.port(listeningPort) == port) {
        return true;
      }
    }
    return false;
  }

  /** The entries, for the log; {@code name} alone stands for the listening port. */
  String describe(int listeningPort) {
    return String.join(", ", entries.stream().map(e -> e.name() + ":" + e.port(listeningPort)).toList());
  }

  private static Entry parse(String text) {
    Matcher m = ENTRY.matcher(text);
    if (!m.matches()) {
      return null;
    }
    int port = LISTENING_PORT;
    if (m.group(2) != null) {
      port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65_535) {
        return null;
      }
    }
    return new Entry(m.group(1).toLowerCase(Locale.ROOT), port);
  }

  /** An IPv6 address as a Host header writes it, in brackets; other names unchanged. */
  private static String bracketed(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
