/** Pinging registered agents and reporting the ones that stopped answering. */
package io.mercury.rpc.liveness;
