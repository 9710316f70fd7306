package io.mercury.boot;

import java.util.Optional;

/** Mints one-use enrolment tokens for agents about to boot. */
@FunctionalInterface
public interface EnrolmentTokenSource {
  /**
   * A fresh token for the agent booting with network card {@code mac}, or empty when none could be
   * made (the agent's key then waits for an operator).
   */
  Optional<String> mint(String mac);
}
