package io.mercury.cli.command.rpc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Who asks for a job, for the job's {@code requested_by}: {@code $USER@host}. */
final class RequestedBy {
  private RequestedBy() {}

  /** {@code user@host}: the user from {@code USER}, else {@code LOGNAME}, else {@code unknown}. */
  static String of(Map<String, String> env, String host) {
    String user = env.getOrDefault("USER", "");
    if (user.isBlank()) {
      user = env.getOrDefault("LOGNAME", "");
    }
    return (user.isBlank() ? "unknown" : user.strip()) + "@" + host;
  }

  /** This machine's host name, {@code localhost} when it cannot be found. */
  static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
