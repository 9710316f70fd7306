/** Command lines as the agent runs them and mcli checks them: split shell-style, never given to a shell. */
package io.mercury.common.command;
