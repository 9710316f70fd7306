package io.mercury.common.config;

/** Where an option's value came from, in increasing precedence. */
public enum Source {
  DEFAULT("default"),
  FILE("configuration file"),
  ENVIRONMENT("environment"),
  KERNEL_CMDLINE("/proc/cmdline"),
  FLAG("command line");

  private final String label;

  Source(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }
}
