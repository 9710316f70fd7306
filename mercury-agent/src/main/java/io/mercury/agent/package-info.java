/** The Mercury agent: registration, pong, capabilities and the task runner. */
package io.mercury.agent;
