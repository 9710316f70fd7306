package io.mercury.common.protocol.backend;

/**
 * How many tasks a notice concerned: {@code enqueue_tasks} answers {@code {"taken": n}} (tasks it will
 * dispatch), {@code cancel_tasks} {@code {"stopping": n}} (tasks it is stopping on their agents).
 */
public record TaskCount(long count) {}
