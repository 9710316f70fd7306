package io.mercury.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The machines a {@link TestStack}'s agents inspect (copies of an inspector fixture), their ids and MACs, and free ports. */
final class TestMachines {
  private TestMachines() {}

  /** The MAC of interface {@code n} of the machine with this product UUID when the machine has MACs of its own. */
  static String macOf(String productUuid, int n) {
    int h = productUuid.hashCode();
    return String.format("02:%02x:%02x:%02x:%02x:%02x", (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff, n & 0xff);
  }

  static String mercuryIdOf(String productUuid) {
    try {
      return io.mercury.common.id.MercuryId.generate(Map.of("product_uuid", productUuid), List.of());
    } catch (io.mercury.common.id.MercuryIdException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * A copy of the inspector fixture {@code source} at {@code target}, made machine {@code name} with this
   * product UUID (and, if {@code distinctMacs}, MACs of its own: {@link #macOf}).
   */
  static Path copy(Path source, Path target, String name, String productUuid, boolean distinctMacs)
      throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path dest = target.resolve(source.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createDirectories(dest.getParent());
          Files.createSymbolicLink(dest, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
    Files.writeString(target.resolve("sys/class/dmi/id/product_uuid"), productUuid + "\n");
    if (distinctMacs) {
      try (Stream<Path> interfaces = Files.list(target.resolve("sys/class/net"))) {
        int n = 0;
        for (Path nic : interfaces.filter(p -> !p.getFileName().toString().equals("lo")).sorted().toList()) {
          Files.writeString(nic.resolve("address"), macOf(productUuid, n++) + "\n");
        }
      }
    }
    Files.writeString(target.resolve("etc/hostname"), name + "\n");
    return target;
  }

  static String tcp(int port) {
    return "tcp://127.0.0.1:" + port;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
