package io.mercury.common.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a daemon until SIGTERM or SIGINT: resources are registered in start order and closed in reverse
 * order from the JVM's shutdown hook, so a socket stops taking requests before the store it uses closes.
 */
public final class ServiceRunner {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  private final String service;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  /**
   * Registers the shutdown hook at once, so a SIGTERM during start-up still closes what has started, and
   * makes a thread's death of an {@link Error} end the daemon ({@link FatalErrors}).
   */
  public ServiceRunner(String service) {
    this.service = service;
    FatalErrors.install(service);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, service + "-shutdown"));
  }

  /** Registers a resource to close on shutdown; returns it for chaining. */
  public synchronized <T extends AutoCloseable> T manage(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Blocks until the JVM is asked to stop and every resource is closed. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /** Closes every resource in reverse order; safe to call more than once. */
  public void stop() {
    synchronized (this) {
      if (stopped.getCount() == 0) {
        return;
      }
      log.info("{} stopping", service);
      while (!resources.isEmpty()) {
        AutoCloseable r = resources.pop();
        try {
          r.close();
        } catch (Exception e) {
          log.warn("{}: closing {} failed", service, r, e);
        }
      }
      log.info("{} stopped", service);
      stopped.countDown();
    }
  }
}
