package io.mercury.inventory.merge;

import java.util.Map;

/**
 * The {@code $set} document an update becomes, and whether it rewrote the interface list (and so must be
 * applied only if the document has not changed since it was read).
 *
 * @param set field paths and values to set
 * @param rewritesInterfaces whether {@code interfaces} is written as a whole merged list
 */
public record UpdatePlan(Map<String, Object> set, boolean rewritesInterfaces) {}
