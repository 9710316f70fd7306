package io.mercury.common.logging;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts ids into the logging context of the current thread for a block and restores what was there:
 * {@code try (LogScope s = LogScope.of(LogKeys.JOB_ID, jobId, LogKeys.TASK_ID, taskId)) { ... }}. The
 * context is per thread, so work handed to another thread must open its own scope there.
 */
public final class LogScope implements AutoCloseable {
  private final Map<String, String> previous = new HashMap<>();

  private LogScope(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = keysAndValues[i];
      previous.put(key, MDC.get(key));
      if (keysAndValues[i + 1] == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, keysAndValues[i + 1]);
      }
    }
  }

  public static LogScope of(String... keysAndValues) {
    return new LogScope(keysAndValues);
  }

  @Override
  public void close() {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }
}
