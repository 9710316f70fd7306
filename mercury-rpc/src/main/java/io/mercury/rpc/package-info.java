/** The RPC frontend (jobs and tasks) and backend (agents, dispatch, liveness). */
package io.mercury.rpc;
