package io.mercury.common.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;

/**
 * Wakes a socket-owning loop from other threads without touching its sockets. The loop registers {@link
 * #channel()} with its {@code ZMQ.Poller}; any thread calls {@link #wake()}. Writes never block: when the
 * pipe is full the loop is already due to wake.
 */
public final class WakeupPipe implements AutoCloseable {
  private final Pipe pipe;
  private final ByteBuffer one = ByteBuffer.allocate(1);
  private final ByteBuffer sink = ByteBuffer.allocate(256);

  public WakeupPipe() {
    try {
      pipe = Pipe.open();
      pipe.source().configureBlocking(false);
      pipe.sink().configureBlocking(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open wake-up pipe", e);
    }
  }

  public SelectableChannel channel() {
    return pipe.source();
  }

  /** Any thread. */
  public void wake() {
    synchronized (one) {
      one.clear();
      try {
        pipe.sink().write(one);
      } catch (IOException e) {
        // closed during shutdown: nothing is waiting any more
      }
    }
  }

  /** Loop thread only. */
  public void drain() {
    try {
      while (true) {
        sink.clear();
        if (pipe.source().read(sink) <= 0) {
          return;
        }
      }
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
      // nothing to do on close
    }
  }
}
