package io.mercury.boot;

import java.util.Objects;

/**
 * What the boot service told one device to do.
 *
 * @param kind the decision
 * @param mercuryId the device, or null when the MAC is unknown or ambiguous
 * @param script the iPXE script sent
 * @param detail why, for the log (e.g. the duplicate ids or the inventory's error)
 */
public record BootDecision(Kind kind, String mercuryId, String script, String detail) {
  public BootDecision {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(script, "script is null");
    detail = detail == null ? "" : detail;
  }

  /** The decisions, as logged ({@code decision=agent-new}, ...). */
  public enum Kind {
    /** The MAC is not in the inventory: boot the agent so it registers. */
    AGENT_NEW("agent-new"),
    /** {@code boot.state} is {@code agent} (or unset, or unknown). */
    AGENT("agent"),
    /** {@code boot.state} is {@code local}: exit iPXE. */
    LOCAL("local"),
    /** {@code boot.state} is {@code rescue}. */
    RESCUE("rescue"),
    /**
     * The device's own {@code boot.script}, rendered; a detail, when there is one, names the variables
     * its document lacks, which were rendered empty (logged at WARN).
     */
    SCRIPT("script"),
    /** More than one device has this MAC. */
    DUPLICATE("duplicate"),
    /** The device's script could not be rendered. */
    BAD_SCRIPT("bad-script"),
    /**
     * The device's script was not served: a value it takes from the device document holds a control
     * character or iPXE syntax ({@link io.mercury.common.bootscript.IpxeText#unsafe}).
     */
    UNSAFE_VALUE("unsafe-value"),
    /** The inventory could not be asked. */
    INVENTORY_ERROR("inventory-error");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
