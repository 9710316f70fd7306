package io.mercury.common.transport;

import io.mercury.common.security.CurveServer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ZeroMQ PUB socket that broadcasts single-frame messages to every subscriber. One loop thread owns
 * the socket; {@link #publish} only offers the message to a bounded queue and wakes the loop, so it never
 * blocks. Delivery is best effort: a message is dropped when the queue is full or a subscriber's
 * high-water mark is reached (ZeroMQ PUB drops for slow subscribers), and subscribers see nothing sent
 * before they connected. Drops at the queue are counted; callers that need to notice gaps number their
 * messages.
 */
public final class Publisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Publisher.class);

  private final ZContext context;
  private final String name;
  private final String bindAddress;
  private final BlockingQueue<byte[]> queue;
  private final WakeupPipe wakeup = new WakeupPipe();
  private final CountDownLatch bound = new CountDownLatch(1);
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean running = true;
  private volatile String endpoint;
  private volatile RuntimeException bindFailure;
  private Thread loop;

  private final CurveServer curve;

  public Publisher(ZContext context, String name, String bindAddress, int queueCapacity) {
    this(context, name, bindAddress, queueCapacity, null);
  }

  /**
   * A publisher that is a CURVE server when {@code curve} is not null: only subscribers whose key the
   * allow-list accepts at connection time are sent anything.
   */
  public Publisher(ZContext context, String name, String bindAddress, int queueCapacity, CurveServer curve) {
    this.curve = curve;
    this.context = context;
    this.name = name;
    this.bindAddress = bindAddress;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
  }

  /**
   * Binds and starts; returns the connectable address.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public String start() {
    loop = Thread.ofPlatform().name(name + "-pub").daemon().unstarted(this::run);
    loop.start();
    try {
      bound.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + bindAddress, e);
    }
    if (bindFailure != null) {
      throw bindFailure;
    }
    return endpoint;
  }

  public String endpoint() {
    return endpoint;
  }

  /** Queues a message for every subscriber; false (and counted) when the queue is full. */
  public boolean publish(byte[] message) {
    if (!queue.offer(message)) {
      dropped.incrementAndGet();
      return false;
    }
    wakeup.wake();
    return true;
  }

  /** Messages dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  @SuppressWarnings("deprecation") // JeroMQ 0.6 deprecates destroySocket: replacing it is a change of its own
  private void run() {
    ZMQ.Socket socket;
    try {
      socket = context.createSocket(SocketType.PUB);
      socket.setLinger(0);
      socket.setSndHWM(10_000);
      // subscribers only send (un)subscribe frames; nothing larger is read from them
      socket.setMaxMsgSize(64 * 1024);
      socket.setMsgAllocator(new BoundedAllocator(64 * 1024));
      if (curve != null) {
        curve.apply(socket);
      }
      endpoint = Addresses.bind(socket, bindAddress);
    } catch (RuntimeException e) {
      bindFailure = new IllegalStateException(name + " cannot bind " + bindAddress + ": " + e.getMessage(), e);
      bound.countDown();
      return;
    }
    bound.countDown();
    log.info("{} publishing on {}", name, endpoint);
    try (ZMQ.Poller poller = context.createPoller(1)) {
      poller.register(wakeup.channel(), ZMQ.Poller.POLLIN);
      while (running) {
        poller.poll(1000);
        wakeup.drain();
        byte[] message;
        while ((message = queue.poll()) != null) {
          socket.send(message, ZMQ.DONTWAIT);
        }
      }
    } finally {
      context.destroySocket(socket);
    }
  }

  @Override
  public void close() {
    running = false;
    wakeup.wake();
    if (loop != null) {
      try {
        loop.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    wakeup.close();
  }
}
