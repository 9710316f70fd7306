package io.mercury.common.transport;

/**
 * Counters of a {@link RouterServer}, for logs, tests and benchmarks.
 *
 * @param received messages read from the socket
 * @param replied replies written to the socket
 * @param malformedFrames messages with fewer than three frames
 * @param oversize messages above the configured size limit
 * @param busy messages refused because every worker was busy and the queue was full
 * @param handlerFailures handler calls that threw instead of returning a reply
 * @param denied messages refused because their CURVE key is no longer (or was never) accepted
 */
public record ServerStats(
    long received,
    long replied,
    long malformedFrames,
    long oversize,
    long busy,
    long handlerFailures,
    long denied) {}
