package io.mercury.common.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded hostile HTTP over raw sockets: random and malformed methods, known paths with junk appended,
 * path traversal, random query strings, huge and duplicated headers, malformed {@code Range} headers,
 * malformed JSON and huge bodies, and slowloris-style requests that never finish. A response is a
 * server error when its status is 5xx (other than 505 for a made-up HTTP version) or its body shows a
 * Java stack trace.
 */
public final class HttpFuzzer {
  private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "BREW", "G\u00e9T", "");
  private static final List<String> TRAVERSAL = List.of("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/....//....//etc/passwd", "/%00", "/%ff%fe", "//", "/\u00e9t\u00e9", "/a/../../b", "/%25%32%65");

  private final Random random;
  private final String host;
  private final int port;
  private final int timeoutMs;

  public HttpFuzzer(Random random, String host, int port, int timeoutMs) {
    this.random = random;
    this.host = host;
    this.port = port;
    this.timeoutMs = timeoutMs;
  }

  /**
   * What the fuzz run saw.
   *
   * @param sent requests sent
   * @param answered requests that got a status line
   * @param clientErrors 4xx answers
   * @param serverErrors 5xx answers or answers with a stack trace
   * @param firstServerError the first such request and answer, or null
   */
  public record Result(long sent, long answered, long clientErrors, long serverErrors, String firstServerError) {}

  /** A plain response: status and body. */
  public record Response(int status, String head, String body) {}

  /** {@code count} hostile requests, each on its own connection, to {@code paths} and mutations of them. */
  public Result fuzz(List<String> paths, int count) {
    long answered = 0;
    long clientErrors = 0;
    long serverErrors = 0;
    String first = null;
    for (int i = 0; i < count; i++) {
      byte[] request = hostileRequest(paths);
      Response response = send(request);
      if (response == null) {
        continue;
      }
      answered++;
      if (response.status() >= 400 && response.status() < 500) {
        clientErrors++;
      }
      // 505 is the HTTP server's correct answer to "HTTP/9.9"; every other 5xx is a failure here
      if ((response.status() >= 500 && response.status() != 505) || showsStackTrace(response.body())) {
        serverErrors++;
        if (first == null) {
          String text = new String(request, 0, Math.min(request.length, 300), StandardCharsets.ISO_8859_1);
          first = "request " + i + ": " + text + "\n-> " + response.head() + "\n" + response.body().substring(0, Math.min(500, response.body().length()));
        }
      }
    }
    return new Result(count, answered, clientErrors, serverErrors, first);
  }

  private static boolean showsStackTrace(String body) {
    return body.contains("\tat ") || body.contains("at io.mercury") || body.matches("(?s).*\\b[a-z]+\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)\\b.*");
  }

  private byte[] hostileRequest(List<String> paths) {
    String method = METHODS.get(random.nextInt(METHODS.size()));
    String path = path(paths);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(random.nextInt(20) == 0 ? " HTTP/9.9" : " HTTP/1.1").append("\r\n");
    head.append("Host: ").append(host).append("\r\n");
    head.append("Connection: close\r\n");
    int extra = random.nextInt(6);
    for (int h = 0; h < extra; h++) {
      head.append(header());
    }
    byte[] body = body();
    boolean lie = random.nextInt(8) == 0;
    if (body.length > 0 || random.nextBoolean()) {
      head.append("Content-Type: ").append(random.nextBoolean() ? "application/json" : "text/plain; charset=\u00ff").append("\r\n");
      head.append("Content-Length: ").append(lie ? body.length + 1 + random.nextInt(1000) : body.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  private String path(List<String> paths) {
    String base = paths.get(random.nextInt(paths.size()));
    return switch (random.nextInt(8)) {
      case 0 -> base + TRAVERSAL.get(random.nextInt(TRAVERSAL.size()));
      case 1 -> base + "/" + junk(1 + random.nextInt(40));
      case 2 -> base + "?" + queryString();
      case 3 -> "/" + junk(random.nextInt(20));
      case 4 -> base + "?" + "q=" + "x".repeat(1000 + random.nextInt(20_000));
      default -> base + (random.nextBoolean() ? "" : "?" + queryString());
    };
  }

  private String queryString() {
    List<String> keys = List.of("limit", "offset_id", "sort_key", "sort_direction", "projection", "q", "mercury_id", "$where", "limit[]", "");
    List<String> values = List.of("-1", "0", "99999999999999999999", "1e9", "abc", "%", "%zz", "null", "$where", "a,b,$c", "\u00e9", "{\"$where\":\"1\"}", "");
    StringBuilder q = new StringBuilder();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      q.append(keys.get(random.nextInt(keys.size()))).append('=').append(values.get(random.nextInt(values.size()))).append('&');
    }
    return q.toString();
  }

  private String header() {
    return switch (random.nextInt(9)) {
      case 0 -> "X-Huge: " + "h".repeat(4_000 + random.nextInt(64_000)) + "\r\n";
      case 1 -> "Range: " + List.of("bytes=", "bytes=-", "bytes=5-1", "bytes=99999999999999999999-", "bytes=0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0", "bytes=-0", "chars=0-10", "bytes=a-b", "bytes=0-", "bytes=-99999999999").get(random.nextInt(10)) + "\r\n";
      case 2 -> "X-Auth-Token: " + junk(random.nextInt(100)) + "\r\nX-Auth-Token: " + junk(10) + "\r\n";
      case 3 -> "Content-Length: " + List.of("-1", "abc", "99999999999999999999", "0").get(random.nextInt(4)) + "\r\n";
      case 4 -> "Transfer-Encoding: " + List.of("chunked", "gzip", "chunked, chunked", "x").get(random.nextInt(4)) + "\r\n";
      case 5 -> "no colon here\r\n";
      case 6 -> "Accept: " + junk(random.nextInt(50)) + "\r\n";
      case 7 -> "Host: " + junk(random.nextInt(30)) + "\r\n";
      default -> "X-" + junk(1 + random.nextInt(10)) + ": " + junk(random.nextInt(100)) + "\r\n";
    };
  }

  private byte[] body() {
    String[] bodies = {
      "", "{", "{\"query\": ", "[1,2,", "null", "\"str\"", "{\"query\": {\"$where\": \"sleep(1000)\"}}",
      "{\"query\": {\"a\": {\"$elemMatch\": {\"$function\": {}}}}}", "{\"method\": 5, \"args\": {}, \"kwargs\": []}",
      "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "\u0000\u0001\u0002", "{\"x\": 1e999999}", "{\"x\": \"\\ud800\"}"
    };
    int pick = random.nextInt(bodies.length + 2);
    if (pick == bodies.length) {
      byte[] raw = new byte[random.nextInt(2048)];
      random.nextBytes(raw);
      return raw;
    }
    if (pick == bodies.length + 1) {
      return ("{\"query\": {\"x\": \"" + "y".repeat(100_000 + random.nextInt(2_000_000)) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
    return bodies[pick].getBytes(StandardCharsets.UTF_8);
  }

  private String junk(int n) {
    String alphabet = "abcXYZ019-_.~%/?#[]@!$&'()*+,;=<>\"{}|\\^` \t\u00e9";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString().replace("\r", "").replace("\n", "");
  }

  /** Sends raw bytes on a fresh connection and reads the response until the server closes; null when none. */
  public Response send(byte[] request) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        s.shutdownOutput();
      } catch (IOException e) {
        // the server may answer and close before it has read a huge request; read what it said
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0 && got.size() < 4_000_000; ) {
          got.write(buf, 0, n);
        }
      } catch (SocketTimeoutException | java.net.SocketException e) {
        // keep what arrived
      }
      return parse(got.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return null;
    }
  }

  private static Response parse(String raw) {
    if (!raw.startsWith("HTTP/")) {
      return null;
    }
    int end = raw.indexOf("\r\n\r\n");
    String head = end < 0 ? raw : raw.substring(0, end);
    String body = end < 0 ? "" : raw.substring(end + 4);
    String[] status = head.split(" ", 3);
    try {
      return new Response(Integer.parseInt(status[1]), head.lines().findFirst().orElse(""), body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A well-formed GET; the response, or null when none came. */
  public Response get(String path, String... headers) {
    StringBuilder r = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
    for (String h : headers) {
      r.append(h).append("\r\n");
    }
    return send(r.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Opens {@code count} connections that each send part of a request line and headers and then stay
   * silent (slowloris). The caller closes them.
   */
  public List<Socket> slowloris(int count) {
    List<Socket> open = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), timeoutMs);
        s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nX-Slow: " + "a".repeat(random.nextInt(100))).getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        open.add(s);
      } catch (IOException e) {
        // a server that refuses more connections is fine; the check afterwards tells if it still answers
      }
    }
    return open;
  }
}
