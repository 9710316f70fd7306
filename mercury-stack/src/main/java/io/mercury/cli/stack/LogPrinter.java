package io.mercury.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.cli.output.IsoTime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints daemons' JSON log lines readably: time (ISO-8601 UTC with milliseconds, as {@code mcli log}
 * prints it), level, service, ids, message, stack trace.
 */
final class LogPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter out;
  private final boolean raw;

  LogPrinter(PrintWriter out, boolean raw) {
    this.out = out;
    this.raw = raw;
  }

  void printTail(Path file, int lines) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    List<String> all = Files.readAllLines(file);
    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(this::print);
    out.flush();
  }

  /** Prints lines appended to the files until interrupted. */
  void follow(List<Path> files) throws IOException {
    Map<Path, Long> offsets = new HashMap<>();
    for (Path f : files) {
      offsets.put(f, Files.exists(f) ? Files.size(f) : 0L);
    }
    while (!Thread.currentThread().isInterrupted()) {
      for (Path f : files) {
        if (!Files.exists(f)) {
          continue;
        }
        long size = Files.size(f);
        long from = offsets.get(f) > size ? 0 : offsets.get(f);
        if (size > from) {
          try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
            r.seek(from);
            byte[] bytes = new byte[(int) (size - from)];
            r.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline >= 0) {
              text.substring(0, lastNewline).lines().forEach(this::print);
              offsets.put(f, from + text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length);
            }
          }
        }
      }
      out.flush();
      StackMain.pause(250);
    }
  }

  void print(String line) {
    out.println(raw ? line : render(line));
  }

  static String render(String line) {
    if (!line.startsWith("{")) {
      return line;
    }
    try {
      JsonNode e = JSON.readTree(line);
      StringBuilder s = new StringBuilder();
      s.append(utc(e.path("@timestamp").asText("")))
          .append(' ')
          .append(String.format("%-5s", e.path("level").asText("")))
          .append(' ')
          .append(e.path("service").asText("-"));
      for (String id : List.of("mercury_id", "job_id", "task_id")) {
        if (e.hasNonNull(id)) {
          s.append(' ').append(id).append('=').append(e.get(id).asText());
        }
      }
      s.append(" - ").append(e.path("message").asText(""));
      if (e.hasNonNull("stack_trace")) {
        s.append('\n').append(e.get("stack_trace").asText().stripTrailing());
      }
      return s.toString();
    } catch (IOException ex) {
      return line;
    }
  }

  /**
   * The line's time as {@link IsoTime} (UTC to the millisecond), whatever offset it was written with (a
   * daemon of an older version wrote its local time with an offset); a time it cannot read, as is.
   */
  static String utc(String timestamp) {
    try {
      return IsoTime.of(OffsetDateTime.parse(timestamp).toInstant());
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }
}
