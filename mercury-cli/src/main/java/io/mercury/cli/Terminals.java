package io.mercury.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream of this process is a terminal. Java can only tell for stdin and stdout
 * together ({@link System#console()}), so on Linux the file descriptor's link in {@code /proc/self/fd}
 * is read: a terminal is a {@code /dev/pts/N} or {@code /dev/ttyN}. Where that cannot be read, no stream
 * is taken for a terminal, which costs only the prompt and the in-place progress line.
 */
final class Terminals {
  private Terminals() {}

  static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd", Integer.toString(fd));
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
