package io.mercury.cli.client;

/**
 * The reply of {@code cancel_job}.
 *
 * @param jobId the job
 * @param cancelled how many of its tasks were cancelled (those not yet finished)
 */
public record JobCancelled(String jobId, long cancelled) {}
