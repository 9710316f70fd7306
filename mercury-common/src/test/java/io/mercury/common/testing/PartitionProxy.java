package io.mercury.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network partition between two sets of processes on one host, as TCP proxies: every connection
 * between them goes through a listener here. While {@link #cut} the proxy moves no byte in either
 * direction and connects nothing upstream, but closes nothing either: peers see silence, as behind a
 * firewall that drops packets (not one that rejects them). Bytes written meanwhile wait in the kernel's
 * socket buffers, as TCP retransmission would deliver them once the partition {@link #heal}s.
 *
 * <p>{@link #reset} is the other kind of fault: every connection through the proxy is closed at once
 * (a link flap, a NAT or firewall restart), and new ones pass as before.
 *
 * <p>This stands in for network namespaces or packet filters, which this machine does not offer (no
 * iptables or nft; namespaces would need the daemons run inside them). Each connection is served by two
 * virtual threads (one per direction).
 */
public final class PartitionProxy implements AutoCloseable {
  private final Object lock = new Object();
  private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private boolean cut;
  private volatile boolean closed;

  /** Listens on a free loopback port and forwards each connection to {@code port} on loopback; returns the port. */
  public int forward(int port) {
    try {
      ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      listeners.add(listener);
      Thread.ofVirtual().name("partition-accept-" + port).start(() -> accept(listener, port));
      return listener.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the partition: from now on nothing passes. */
  public void cut() {
    synchronized (lock) {
      cut = true;
    }
  }

  /** Ends the partition: held bytes and connections go through. */
  public void heal() {
    synchronized (lock) {
      cut = false;
      lock.notifyAll();
    }
  }

  /** Closes every connection through the proxy, both sides; the listeners stay and new connections pass. */
  public void reset() {
    sockets.forEach(PartitionProxy::closeQuietly);
  }

  /** Connections accepted since the proxy started. */
  public int accepted() {
    return accepted.get();
  }

  private void awaitHealed() throws InterruptedException {
    synchronized (lock) {
      while (cut && !closed) {
        lock.wait();
      }
    }
  }

  private void accept(ServerSocket listener, int port) {
    while (!closed) {
      try {
        Socket downstream = listener.accept();
        accepted.incrementAndGet();
        sockets.add(downstream);
        Thread.ofVirtual().start(() -> connect(downstream, port));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void connect(Socket downstream, int port) {
    try {
      awaitHealed();
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port);
      sockets.add(upstream);
      Thread.ofVirtual().start(() -> pump(downstream, upstream));
      pump(upstream, downstream);
    } catch (IOException | InterruptedException e) {
      closeQuietly(downstream); // nothing listens upstream: as a refused connection would
    }
  }

  /** Copies {@code from} to {@code to} while healed; an end or error on one side closes both. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        awaitHealed();
        int n = in.read(buffer);
        awaitHealed(); // not even a close passes the partition
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the peer went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    heal();
    listeners.forEach(PartitionProxy::closeQuietly);
    sockets.forEach(PartitionProxy::closeQuietly);
  }
}
