package io.mercury.rpc.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;

/**
 * Wakes the {@link AgentLink} loop from other threads without touching its sockets: the loop polls
 * {@link #channel()} beside its sockets, any thread calls {@link #wake()}. A write never blocks; when the
 * pipe is full the loop is already due to wake.
 *
 * <p>common's {@code WakeupPipe} does the same but is package-private to its transport package, which
 * this module may not change.
 */
final class LoopWakeup implements AutoCloseable {
  private final Pipe pipe;
  private final ByteBuffer sink = ByteBuffer.allocate(256);

  LoopWakeup() {
    try {
      pipe = Pipe.open();
      pipe.source().configureBlocking(false);
      pipe.sink().configureBlocking(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the wake-up pipe", e);
    }
  }

  SelectableChannel channel() {
    return pipe.source();
  }

  /** Any thread. */
  void wake() {
    try {
      pipe.sink().write(ByteBuffer.wrap(new byte[1]));
    } catch (IOException e) {
      // closed during shutdown: nobody is waiting any more
    }
  }

  /** Loop thread only. */
  void drain() {
    try {
      do {
        sink.clear();
      } while (pipe.source().read(sink) > 0);
    } catch (IOException e) {
      // closed during shutdown
    }
  }

  @Override
  public void close() {
    try {
      pipe.sink().close();
      pipe.source().close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
