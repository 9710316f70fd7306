/** Cheap one-shot request/reply exchanges from the backend to many agents. */
package io.mercury.rpc.link;
