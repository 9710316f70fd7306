package io.mercury.bench.fleet;

import io.mercury.common.transport.WakeupPipe;
import java.nio.channels.SelectableChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Work handed to a simulated fleet's loop thread by other threads: a command queue plus the wake-up pipe
 * that makes the loop's poll return. Commands run on the loop thread, in the order they were posted.
 *
 * <p>Threading: {@link #post} and {@link #wake} from any thread; {@link #channel} and {@link #runPosted}
 * on the loop thread only.
 */
public final class LoopInbox implements AutoCloseable {
  private final WakeupPipe wakeup = new WakeupPipe();
  private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();

  /** Queues {@code command} for the loop thread and wakes it. */
  public void post(Runnable command) {
    commands.add(command);
    wakeup.wake();
  }

  /** Wakes the loop without work (e.g. to see that it must stop). */
  public void wake() {
    wakeup.wake();
  }

  /** What the loop registers with its poller. */
  public SelectableChannel channel() {
    return wakeup.channel();
  }

  /** Drains the pipe if the poll saw it ready, then runs every command posted so far. */
  public void runPosted(boolean woken) {
    if (woken) {
      wakeup.drain();
    }
    Runnable command;
    while ((command = commands.poll()) != null) {
      command.run();
    }
  }

  @Override
  public void close() {
    wakeup.close();
  }
}
