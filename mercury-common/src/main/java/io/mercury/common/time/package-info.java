/** Waiting well: the back-off between retries, spread so that a fleet does not retry in step. */
package io.mercury.common.time;
