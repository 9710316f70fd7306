package io.mercury.cli.stack;

import io.mercury.common.security.CurveClient;
import java.io.PrintWriter;
import java.util.Optional;
import org.zeromq.ZContext;

/**
 * {@code bin/mercury status}'s table: for each daemon its pid, whether it runs and answers its probe,
 * its address and its log. A daemon counts as up only when its process runs and it answers: the store
 * a ping, an HTTP daemon a GET, a ROUTER daemon a keep-alive (the agent probed as the backend, with the
 * agent's own key; the rest as the operator).
 *
 * <p>Threading: not thread-safe; it probes with the caller's {@link ZContext} on the caller's thread.
 */
final class StackStatus {
  private final StackLayout layout;
  private final StackKeys keys;
  private final PrintWriter out;

  StackStatus(StackLayout layout, StackKeys keys, PrintWriter out) {
    this.layout = layout;
    this.keys = keys;
    this.out = out;
  }

  /** Prints the table; returns 0 when every daemon runs and answers, else 1. */
  int print(ZContext zmq) {
    out.printf("%-10s %-8s %-14s %-28s %s%n", "SERVICE", "PID", "STATE", "ADDRESS", "LOG");
    boolean allUp = true;
    for (Daemon d : Daemon.ALL) {
      Optional<ProcessHandle> running = d.running(layout);
      String address = Daemon.read(layout.addressFile(d.name())).orElse("-");
      String state;
      if (running.isEmpty()) {
        state = "stopped";
        allUp = false;
      } else {
        boolean answers =
            d.equals(Daemon.STORE)
                ? Probes.storeAnswers(address)
                : d.http() ? Probes.httpAnswers(address) : Probes.routerAnswers(zmq, address, probeOf(d));
        state = answers ? "running" : "not answering";
        allUp &= answers;
      }
      out.printf(
          "%-10s %-8s %-14s %-28s %s%n",
          d.name(),
          running.map(p -> Long.toString(p.pid())).orElse("-"),
          state,
          address,
          layout.root().relativize(layout.log(d.name()).toAbsolutePath()));
    }
    return allUp ? 0 : 1;
  }

  /** How the stack probes daemon {@code d}: the agent as the backend, with its own key; the rest as the operator. */
  private CurveClient probeOf(Daemon d) {
    return d.equals(Daemon.AGENT) ? keys.agentClient(layout.data().resolve("agent")) : keys.client(d.name());
  }
}
