package io.mercury.agent.capability;

import java.util.List;
import java.util.Map;

/**
 * One method the agent can run for the backend. Implementations are contributed by a {@link
 * CapabilityProvider}; the agent validates a call against {@link #descriptor()} before {@link #run} is
 * invoked, on the task's own thread.
 *
 * <p>Contract of {@link #run}: return the result (a msgpack-encodable tree: maps, lists, strings, numbers,
 * booleans, null); a map with a truthy {@code error} makes the task ERROR, as in the original. Throwing
 * makes the task ERROR with the exception as its traceback. The thread is interrupted when the task times
 * out or is cancelled: a capability that waits (on a process, a sleep) must let {@link
 * InterruptedException} through and stop what it started.
 */
public interface Capability {
  CapabilityDescriptor descriptor();

  /**
   * Whether this machine can run it (a tool or driver is present). An unavailable capability is not
   * published. Called once, when the agent starts.
   */
  default boolean isAvailable() {
    return true;
  }

  Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception;
}
