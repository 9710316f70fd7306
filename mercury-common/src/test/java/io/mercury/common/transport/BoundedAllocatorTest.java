package io.mercury.common.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class BoundedAllocatorTest {
  // a ZMTP 3.0 NULL greeting, then a "large" frame whose 8-byte size is negative: 0xa118cd3e2d338e01
  private static final byte[] LYING_HANDSHAKE =
      HexFormat.of()
          .parseHex(
              "ff00000000000000007f03004e554c4c" + "00".repeat(48) + "32a118cd3e2d338e018b1e1c00197b96");

  @Test
  void sizesOverTheCeilingOrNegativeGetAnEmptyMessage() {
    BoundedAllocator allocator = new BoundedAllocator(1024);
    assertThat(allocator.allocate(1024).size()).isEqualTo(1024);
    assertThat(allocator.allocate(0).size()).isZero();
    assertThat(allocator.allocate(758_353_409).size()).isZero();
    assertThat(allocator.allocate(-5).size()).isZero();
  }

  @Test
  void handshakesWithNegativeFrameSizesNeitherExhaustMemoryNorStopTheServer() throws Exception {
    try (ZContext ctx = new ZContext();
        RouterServer server =
            new RouterServer(ctx, ServerSettings.of("test", "tcp://127.0.0.1:0"), (payload, caller) -> MsgPack.encode(Reply.ok("pong").toWire()))) {
      URI uri = URI.create(server.start());
      List<Socket> open = new ArrayList<>();
      Runtime runtime = Runtime.getRuntime();
      long usedBefore = runtime.totalMemory() - runtime.freeMemory();
      try {
        for (int i = 0; i < 12; i++) { // 12 x 758 MB without the bound
          Socket s = new Socket(uri.getHost(), uri.getPort());
          OutputStream out = s.getOutputStream();
          out.write(LYING_HANDSHAKE);
          out.flush();
          open.add(s);
        }
        try (ZMQ.Socket req = ctx.createSocket(SocketType.REQ)) {
          req.setReceiveTimeOut(10_000);
          req.connect(server.endpoint());
          req.send(MsgPack.encode(Map.of("ping", 1L)));
          byte[] reply = req.recv();
          assertThat(reply).as("reply after the lying handshakes").isNotNull();
          assertThat(MsgPack.decode(reply)).isEqualTo(Reply.ok("pong").toWire());
        }
        long grown = runtime.totalMemory() - runtime.freeMemory() - usedBefore;
        assertThat(grown).as("heap grown by the open lying connections").isLessThan(1L << 30);
      } finally {
        for (Socket s : open) {
          s.close();
        }
      }
    }
  }
}
