package io.mercury.agent;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The IPv4 address the agent advertises in its registration (the original's method {@code simple}):
 * {@code agent.local_ip} when set, else the first IPv4 address of the interface of the default route with
 * the lowest metric, read from {@code /proc/net/route}.
 */
public final class AgentAddress {
  private AgentAddress() {}

  /**
   * @throws IllegalStateException when no address can be found, naming MERCURY_AGENT_ADDRESS
   */
  public static String resolve(String localIp, Path procNetRoute) {
    if (localIp != null && !localIp.isBlank()) {
      return localIp.strip();
    }
    Optional<String> dev = defaultRouteInterface(read(procNetRoute));
    if (dev.isEmpty()) {
      throw new IllegalStateException(
          "cannot determine the address to advertise: no default route in " + procNetRoute
              + "; set agent.local_ip (environment MERCURY_AGENT_ADDRESS)");
    }
    return firstIpv4(dev.get())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot determine the address to advertise: the default route's interface " + dev.get()
                        + " has no IPv4 address; set agent.local_ip (environment MERCURY_AGENT_ADDRESS)"));
  }

  /** The interface of the default route with the lowest metric in {@code /proc/net/route} text. */
  static Optional<String> defaultRouteInterface(List<String> routeLines) {
    String best = null;
    long bestMetric = Long.MAX_VALUE;
    for (String line : routeLines) {
      String[] f = line.trim().split("\\s+");
      // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
      if (f.length < 8 || !f[1].equals("00000000") || !f[7].equals("00000000")) {
        continue;
      }
      try {
        long metric = Long.parseLong(f[6]);
        if (metric < bestMetric) {
          bestMetric = metric;
          best = f[0];
        }
      } catch (NumberFormatException e) {
        // the header line or garbage
      }
    }
    return Optional.ofNullable(best);
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<String> firstIpv4(String dev) {
    try {
      NetworkInterface nic = NetworkInterface.getByName(dev);
      if (nic == null) {
        return Optional.empty();
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return Optional.of(a.getHostAddress());
        }
      }
      return Optional.empty();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }
}
