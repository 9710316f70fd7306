package io.mercury.agent;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.backend.BackendWire;
import io.mercury.common.protocol.backend.TaskCompletion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished task results kept on disk until the backend has acknowledged them, and the ids of recently
 * finished tasks, so that a task sent again is recognised even after a restart.
 *
 * <p>Layout under the state directory: {@code results/<task>.result} (one msgpack {@code complete_task}
 * payload per task, written to a temporary file and renamed, so a crash leaves either the old state or the
 * whole new file) and {@code finished-tasks} (one task id per line, appended; the last {@link
 * #RECENT_LIMIT} are kept). An unreadable result file is renamed {@code .corrupt} and reported, never
 * deleted.
 */
public final class ResultSpool {
  private static final Logger log = LoggerFactory.getLogger(ResultSpool.class);
  /** How many finished task ids are remembered. */
  public static final int RECENT_LIMIT = 10_000;
  private static final String SUFFIX = ".result";
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private final Path results;
  private final Path finishedFile;
  private final int recentLimit;
  private final LinkedHashSet<String> recent = new LinkedHashSet<>();

  /**
   * Opens (creating it if needed) the spool in {@code stateDir}.
   *
   * @throws UncheckedIOException when the directory cannot be created or read
   */
  public ResultSpool(Path stateDir) {
    this(stateDir, RECENT_LIMIT);
  }

  ResultSpool(Path stateDir, int recentLimit) {
    this.results = stateDir.resolve("results");
    this.finishedFile = stateDir.resolve("finished-tasks");
    this.recentLimit = recentLimit;
    try {
      Files.createDirectories(results);
      loadRecent();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the agent state directory " + stateDir + ": " + e.getMessage(), e);
    }
  }

  /** Writes a task's completion durably and remembers the task as finished. */
  public synchronized void save(TaskCompletion completion) throws IOException {
    String taskId = completion.taskId();
    Path target = fileOf(taskId);
    Path tmp = results.resolve("." + target.getFileName() + ".tmp");
    Files.write(tmp, MsgPack.encode(BackendWire.toWire(completion)));
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    remember(taskId);
  }

  /** Forgets a result the backend has acknowledged. */
  public synchronized void delete(String taskId) throws IOException {
    Files.deleteIfExists(fileOf(taskId));
  }

  /** Sets aside a result the backend refused for good, as {@code .rejected}, for an operator to inspect. */
  public synchronized void reject(String taskId) throws IOException {
    Path file = fileOf(taskId);
    if (Files.exists(file)) {
      Files.move(file, file.resolveSibling(file.getFileName() + ".rejected"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public synchronized boolean isSpooled(String taskId) {
    return Files.exists(fileOf(taskId));
  }

  /** Whether the task finished recently (spooled or already acknowledged). */
  public synchronized boolean isFinished(String taskId) {
    return recent.contains(taskId);
  }

  /** Every result still waiting for an acknowledgement, oldest first. */
  public synchronized List<TaskCompletion> pending() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(results)) {
      files =
          list.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
              .sorted((a, b) -> Long.compare(modified(a), modified(b)))
              .toList();
    }
    List<TaskCompletion> out = new ArrayList<>();
    for (Path file : files) {
      try {
        if (MsgPack.decode(Files.readAllBytes(file)) instanceof Map<?, ?> m) {
          out.add(BackendWire.taskCompletion(m));
          continue;
        }
        quarantine(file, "not a completion map");
      } catch (MalformedMessageException | IllegalArgumentException e) {
        quarantine(file, e.getMessage());
      }
    }
    return out;
  }

  private void quarantine(Path file, String why) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    log.error("spooled result {} is unreadable ({}); kept as {}", file, why, aside);
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private void remember(String taskId) throws IOException {
    if (!recent.add(taskId)) {
      return;
    }
    Files.writeString(
        finishedFile, taskId + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (recent.size() > recentLimit) {
      recent.removeFirst();
    }
  }

  private void loadRecent() throws IOException {
    if (!Files.exists(finishedFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(finishedFile, StandardCharsets.UTF_8);
    for (String line : lines) {
      if (!line.isBlank()) {
        recent.add(line.strip());
      }
    }
    while (recent.size() > recentLimit) {
      recent.removeFirst();
    }
    if (lines.size() > recentLimit) {
      Path tmp = finishedFile.resolveSibling(".finished-tasks.tmp");
      Files.write(tmp, recent, StandardCharsets.UTF_8);
      Files.move(tmp, finishedFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Task ids are chosen by the sender: only safe ones are used as file names as they are. */
  private Path fileOf(String taskId) {
    if (SAFE_NAME.matcher(taskId).matches()) {
      return results.resolve(taskId + SUFFIX);
    }
    return results.resolve("sha256-" + sha256(taskId) + SUFFIX);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
