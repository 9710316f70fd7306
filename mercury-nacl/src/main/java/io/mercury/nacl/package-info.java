/**
 * NaCl's box and secretbox for JeroMQ's CURVE, on well-kept code: Curve25519 is the JDK's X25519
 * ({@link io.mercury.nacl.X25519}), XSalsa20, HSalsa20 and Poly1305 come from BouncyCastle ({@link
 * io.mercury.nacl.SecretBox}). {@code com.neilalexander.jnacl.crypto} in this module is a drop-in
 * replacement for the classes of jnacl that JeroMQ calls, delegating here.
 */
package io.mercury.nacl;
