package io.mercury.common.protocol.inventory;

/**
 * The reply of {@code update_boot} and {@code update_boot_many}.
 *
 * @param matchedCount devices the query matched (0: no such device)
 * @param modifiedCount devices whose document changed
 */
public record BootUpdateReply(long matchedCount, long modifiedCount) {}
