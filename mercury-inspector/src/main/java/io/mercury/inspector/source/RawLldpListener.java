package io.mercury.inspector.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for LLDP frames on raw {@code AF_PACKET} sockets, for machines without lldpd: one socket per
 * interface, bound to it and joined to the LLDP multicast group (01:80:c2:00:00:0e), read until a frame
 * arrives or the time is up. Needs root or {@code CAP_NET_RAW}; without it nothing is heard and the
 * reason is logged. Switches send every 30 s by default, so a listen time shorter than that may miss
 * them.
 */
public final class RawLldpListener {
  private static final Logger log = LoggerFactory.getLogger(RawLldpListener.class);
  private static final int AF_PACKET = 17;
  private static final int SOCK_RAW = 3;
  private static final int ETH_P_LLDP = 0x88cc;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int SOL_PACKET = 263;
  private static final int PACKET_ADD_MEMBERSHIP = 1;
  private static final int PACKET_MR_MULTICAST = 0;
  private static final byte[] LLDP_MULTICAST = {0x01, (byte) 0x80, (byte) 0xc2, 0x00, 0x00, 0x0e};

  /** The few libc calls needed; errors come back as LastErrorException. */
  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    int recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private final LibC libc;

  public RawLldpListener() {
    this.libc = Native.load("c", LibC.class);
  }

  /**
   * The first LLDP frame heard on each interface within {@code time}.
   *
   * @param interfaces interface name → kernel ifindex
   */
  public Map<String, byte[]> listen(Map<String, Integer> interfaces, Duration time) {
    Map<String, byte[]> frames = new ConcurrentHashMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      interfaces.forEach((name, index) -> pool.execute(() -> listenOn(name, index, time, frames)));
      pool.shutdown();
      pool.awaitTermination(time.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return frames;
  }

  private void listenOn(String name, int ifindex, Duration time, Map<String, byte[]> frames) {
    int fd;
    try {
      fd = libc.socket(AF_PACKET, SOCK_RAW, htons(ETH_P_LLDP));
    } catch (LastErrorException e) {
      log.info("cannot open a raw socket for LLDP on {} (needs root or CAP_NET_RAW): errno {}", name, e.getErrorCode());
      return;
    }
    try {
      libc.bind(fd, sockaddrLl(ifindex), 20);
      libc.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, packetMreq(ifindex), 16);
      libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval(200), 16);
      long deadline = System.nanoTime() + time.toNanos();
      byte[] buffer = new byte[2048];
      while (System.nanoTime() < deadline) {
        int n;
        try {
          n = libc.recv(fd, buffer, buffer.length, 0);
        } catch (LastErrorException e) {
          continue; // EAGAIN at each receive timeout: check the deadline again
        }
        if (n > 14 && ((buffer[12] & 0xff) << 8 | (buffer[13] & 0xff)) == ETH_P_LLDP) {
          frames.put(name, Arrays.copyOf(buffer, n));
          return;
        }
      }
    } catch (LastErrorException e) {
      log.info("LLDP listening on {} failed: errno {}", name, e.getErrorCode());
    } finally {
      libc.close(fd);
    }
  }

  private static int htons(int value) {
    return ((value & 0xff) << 8) | ((value >> 8) & 0xff);
  }

  /** struct sockaddr_ll for bind: family, protocol (network order), ifindex. */
  private static byte[] sockaddrLl(int ifindex) {
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_PACKET);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_LLDP).order(ByteOrder.nativeOrder());
    b.putInt(ifindex);
    return b.array();
  }

  /** struct packet_mreq: ifindex, type, address length, address[8]. */
  private static byte[] packetMreq(int ifindex) {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    b.putInt(ifindex);
    b.putShort((short) PACKET_MR_MULTICAST);
    b.putShort((short) 6);
    b.put(LLDP_MULTICAST);
    return b.array();
  }

  /** struct timeval on 64-bit Linux. */
  private static byte[] timeval(long millis) {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    b.putLong(millis / 1000);
    b.putLong((millis % 1000) * 1000);
    return b.array();
  }
}
