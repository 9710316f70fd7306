/** Identities, roles and (CURVE) keys: who may talk to a Mercury daemon and what they may do. */
package io.mercury.common.security;
