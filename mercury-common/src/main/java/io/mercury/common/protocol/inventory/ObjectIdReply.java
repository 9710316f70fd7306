package io.mercury.common.protocol.inventory;

/**
 * The reply of {@code insert_one} and {@code update_one}.
 *
 * @param objectId the document's {@code _id} as 24 hex digits (null from the original's {@code update_one})
 */
public record ObjectIdReply(String objectId) {}
