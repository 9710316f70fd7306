/**
 * The CURVE keys the daemons accept, kept in MongoDB: the key store and its records, look-ups and
 * transitions, keys from the configuration, enrolment and its tokens, and the allow-list a daemon
 * reads from the store.
 */
package io.mercury.common.store.keys;
