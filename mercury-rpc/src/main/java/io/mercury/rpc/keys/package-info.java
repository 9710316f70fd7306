/**
 * Agent enrolment and key administration on the backend: the {@code enrol} endpoint of the enrolment
 * socket, and the operators' {@code list_keys}, {@code set_key_status} and {@code create_enrolment_token}.
 */
package io.mercury.rpc.keys;
