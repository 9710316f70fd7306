package io.mercury.testkit;

/** How a {@link io.mercury.testkit.agent.FakeAgent} treats the tasks it is sent. */
public enum ReplyPolicy {
  /** Accepts an echo task and reports it STARTED, then SUCCESS with the argument as its message. */
  SUCCEED,
  /** Accepts an echo task and reports it STARTED, then ERROR with a simulated traceback. */
  FAIL,
  /** Accepts an echo task and reports it STARTED, and never more: the task runs forever. Pings are answered. */
  HANG,
  /** Closes both sockets on the first task, before answering it, as a dying process: nothing is answered after. */
  CRASH,
  /**
   * Exactly the original Python agent: REP pong socket that an invalid ping wedges (it is never
   * answered, nor is any ping after it), pongs without {@code mercury_id}, cancels refused as an invalid
   * category, {@code time_started: null} in the acceptance, STARTED reported without {@code job_id}, then
   * SUCCESS.
   */
  ORIGINAL
}
