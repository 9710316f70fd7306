package io.mercury.rpc.frontend;

import io.mercury.common.client.BackendClient;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.backend.BackendEndpoint;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * Tells backends about work: new tasks to dispatch ({@code enqueue_tasks}) and tasks to stop
 * ({@code cancel_tasks}). The tasks themselves are already in the store, so a backend that misses a
 * notice (down, restarting) finds them when it starts or sweeps; a failed notice is logged, not fatal.
 * Notices are sent in order from one thread of their own, so a slow or dead backend never holds up
 * {@code create_job}.
 */
final class BackendNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackendNotifier.class);
  private static final int CHUNK = 5000;

  private final ZContext context;
  private final Duration timeout;
  private final Map<String, ServiceClient> clients = new ConcurrentHashMap<>();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("backend-notices").daemon().factory());

  private final CurveClient curve;

  BackendNotifier(ZContext context, Duration timeout) {
    this(context, timeout, null);
  }

  /** @param curve CURVE towards the backends (all hold the {@code backend} key), or null for plaintext */
  BackendNotifier(ZContext context, Duration timeout, CurveClient curve) {
    this.context = context;
    this.timeout = timeout;
    this.curve = curve;
  }

  /**
   * Asks the backend, later and from the sender thread, to dispatch these tasks. A notice the backend
   * does not take is logged there; an unexpected failure reaches the thread's uncaught-exception handler.
   */
  void enqueue(String backend, List<String> taskIds) {
    sender.execute(() -> send(backend, BackendEndpoint.ENQUEUE_TASKS, taskIds));
  }

  /** Asks the backend, later and from the sender thread, to stop these (already cancelled) tasks on their agents. */
  void cancel(String backend, List<String> taskIds) {
    sender.execute(() -> send(backend, BackendEndpoint.CANCEL_TASKS, taskIds));
  }

  private void send(String backend, BackendEndpoint endpoint, List<String> taskIds) {
    BackendClient client =
        new BackendClient(
            clients.computeIfAbsent(
                backend,
                b -> new ServiceClient(context, b, ClientSettings.defaults("backend " + b).withTimeout(timeout).withRetries(1).withCurve(curve))));
    try {
      for (int i = 0; i < taskIds.size(); i += CHUNK) {
        List<String> chunk = taskIds.subList(i, Math.min(taskIds.size(), i + CHUNK));
        if (endpoint == BackendEndpoint.ENQUEUE_TASKS) {
          client.enqueueTasks(chunk);
        } else {
          client.cancelTasks(chunk);
        }
      }
    } catch (TransportException | RemoteException | UnexpectedReplyException e) {
      log.warn(
          "backend {} did not take {} for {} task(s): {}; it will find them in the store when it sweeps",
          backend,
          endpoint,
          taskIds.size(),
          e.getMessage());
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
    clients.values().forEach(ServiceClient::close);
    clients.clear();
  }
}
