package io.mercury.common.protocol.inventory;

/**
 * The reply of {@code delete}.
 *
 * @param deletedCount 0 or 1
 * @param revokedKeys agent keys of the device that were revoked; on the wire only when not 0
 */
public record DeleteReply(long deletedCount, long revokedKeys) {}
