/**
 * The daemon skeleton: a {@link io.mercury.common.daemon.Daemon} names its options, reads them once into
 * its configuration record and starts; {@link io.mercury.common.daemon.DaemonLauncher} does the rest of
 * what every {@code main} needs (help, configuration errors, logging, shutdown).
 */
package io.mercury.common.daemon;
