/**
 * Time and waiting: the {@link io.mercury.common.time.TimeSource} components read the time and set
 * their timers through (so tests move time by hand), and the back-off between retries, spread so that a
 * fleet does not retry in step.
 */
package io.mercury.common.time;
