package io.mercury.common.lifecycle;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a daemon does when one of its threads dies of an uncaught {@link Error}: it logs the error and
 * exits at once with status {@value #EXIT_STATUS}, so that its supervisor starts it again. Going on is
 * worse: when JeroMQ's I/O thread died of {@code OutOfMemoryError} (direct memory, 2,000 agent connections
 * on a 32 MB cap) the backend stayed up but accepted no connection and answered nothing, for good. The
 * daemons lose nothing when killed (their work is in the store), so exiting is safe. A thread that dies
 * of an exception is logged at ERROR and the daemon goes on: pools replace their threads, and the
 * sockets' own threads do not throw exceptions.
 */
public final class FatalErrors implements Thread.UncaughtExceptionHandler {
  /** {@code EX_SOFTWARE}: an internal error. */
  public static final int EXIT_STATUS = 70;

  private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);

  private final String service;
  private final IntConsumer exit;
  /** Written first, allocating nothing, in case the error leaves no memory to log it. */
  private final byte[] lastWords;

  FatalErrors(String service, IntConsumer exit) {
    this.service = service;
    this.exit = exit;
    this.lastWords = (service + ": a thread died of an Error; exiting with status " + EXIT_STATUS + "\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Makes this the handler of every thread of the JVM that has none of its own. */
  public static void install(String service) {
    Thread.setDefaultUncaughtExceptionHandler(new FatalErrors(service, Runtime.getRuntime()::halt));
  }

  @Override
  public void uncaughtException(Thread thread, Throwable failure) {
    if (failure instanceof Error) {
      try {
        System.err.write(lastWords, 0, lastWords.length);
        System.err.flush();
        log.error("{}: thread {} died of {}; exiting with status {} so that it is started again",
            service, thread.getName(), failure, EXIT_STATUS, failure);
      } finally {
        exit.accept(EXIT_STATUS); // halt: a shutdown hook could wait on the dead thread
      }
    } else {
      log.error("{}: thread {} died of {}", service, thread.getName(), failure, failure);
    }
  }
}
