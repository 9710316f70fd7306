package io.mercury.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prints daemons' JSON log lines readably: time, level, service, ids, message, stack trace. */
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
      String time = e.path("@timestamp").asText("");
      s.append(time.length() >= 23 ? time.substring(11, 23) : time)
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
}
