package io.mercury.cli.client;

/**
 * The reply of {@code create_job}.
 *
 * @param jobId the new job's id
 * @param targets how many devices it runs on
 */
public record JobCreated(String jobId, long targets) {}
