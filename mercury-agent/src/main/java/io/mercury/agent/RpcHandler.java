package io.mercury.agent;

import io.mercury.agent.capability.Capabilities;
import io.mercury.agent.capability.Capability;
import io.mercury.agent.capability.CapabilityDescriptor;
import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.dispatch.Access;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.common.protocol.agent.AgentStatus;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.common.protocol.agent.CancelOutcome;
import io.mercury.common.protocol.agent.CancelTask;
import io.mercury.common.protocol.agent.RefusedAgentRequest;
import io.mercury.common.protocol.agent.RunTask;
import io.mercury.common.protocol.agent.TaskAccepted;
import io.mercury.common.security.Caller;
import io.mercury.common.transport.MessageHandler;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's RPC protocol (docs/protocol.md, "Agent" and the RPC contract), not the endpoint dispatcher: requests
 * carry a {@code category} and are read by {@link AgentWire}; replies are {@code {"message": {"status": n, "data":
 * ...}}}.
 *
 * <ul>
 *   <li>{@code rpc}: validates and hands the task to the {@link TaskRunner}; status 0 accepted (also for
 *       a duplicate, with {@code duplicate: true}), 3 unknown method or missing ids, 4 bad arguments, 5
 *       serial lock busy or concurrency limit reached.
 *   <li>{@code cancel}: status 0 with {@code cancelled: true|false}.
 *   <li>a request whose {@code mercury_id} is not this agent's device: status 6, nothing run.
 *   <li>no category: status 1; another category: status 3.
 * </ul>
 * Malformed msgpack and non-map messages get {@code {"error": true, "message": "Client error, ..."}};
 * keep-alives are confirmed. Only Mercury daemons (role service) may send anything: any other caller
 * gets {@code Permission denied: rpc needs role service; <name> has <role>}.
 */
public final class RpcHandler implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(RpcHandler.class);
  /** Only the backend (the keys the agent trusts, see {@link AgentSecurity#allowList}) sends tasks. */
  private static final Access BACKEND_ONLY = Access.SERVICE.forDaemons("backend");

  private final Capabilities capabilities;
  private final TaskRunner runner;
  private final java.util.function.Supplier<String> ownId;

  /**
   * @param ownId this agent's device; a request naming another {@code mercury_id} is refused with status
   *     6 ({@link AgentStatus#WRONG_DEVICE}) (the backend sent it to an address another server now holds)
   */
  public RpcHandler(Capabilities capabilities, TaskRunner runner, java.util.function.Supplier<String> ownId) {
    this.capabilities = capabilities;
    this.runner = runner;
    this.ownId = ownId;
  }

  @Override
  public byte[] handle(byte[] payload, Caller caller) {
    if (!BACKEND_ONLY.allows(caller)) {
      log.warn("request refused: {}", BACKEND_ONLY.refusal("rpc", caller));
      return error(BACKEND_ONLY.refusal("rpc", caller));
    }
    Object decoded;
    try {
      decoded = MsgPack.decode(payload);
    } catch (MalformedMessageException e) {
      return error("Client error, message is malformed: " + e.getMessage());
    }
    if (!(decoded instanceof Map<?, ?> message)) {
      return error("Client error, message is not a map");
    }
    if (KeepAlive.isRequest(message)) {
      return MsgPack.encode(KeepAlive.CONFIRMATION);
    }
    Object target = AgentWire.targetDevice(message);
    String own = ownId.get();
    if (target != null && !target.equals(own)) {
      log.warn("refused a request for device {}: this agent is device {}", target, own);
      return reply(AgentReply.status(AgentStatus.WRONG_DEVICE, "this agent is device " + own + ", not " + target + "; nothing was run"));
    }
    try {
      return reply(
          switch (AgentWire.request(message, method -> capabilities.find(method).isPresent())) {
            case RunTask run -> run(run);
            case CancelTask cancel -> cancel(cancel);
          });
    } catch (RefusedAgentRequest e) {
      return reply(e.reply());
    }
  }

  private AgentReply run(RunTask request) {
    String method = request.method();
    Capability capability = capabilities.find(method).orElseThrow();
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, request.jobId(), LogKeys.TASK_ID, request.taskId())) {
      CapabilityDescriptor d = capability.descriptor();
      if (d.numArgs() != null && request.args().size() != d.numArgs()) {
        return AgentReply.status(AgentStatus.BAD_ARGUMENTS, "arguments for " + method + " are not satisfied");
      }
      if (d.kwargNames() != null) {
        List<String> missing = d.kwargNames().stream().filter(k -> !request.kwargs().containsKey(k)).toList();
        if (!missing.isEmpty()) {
          return AgentReply.status(AgentStatus.BAD_ARGUMENTS, "missing kwargs in message: " + String.join(", ", missing));
        }
      }
      return admit(runner.submit(request, capability), request.taskId());
    }
  }

  private AgentReply admit(Admission admission, String taskId) {
    return switch (admission) {
      case Admission.Accepted a -> AgentReply.accepted(TaskAccepted.started(a.timeStarted()));
      case Admission.Duplicate dup -> {
        log.info("task {} is a duplicate; not run again", taskId);
        yield AgentReply.accepted(TaskAccepted.duplicate(taskId, dup.timeStarted()));
      }
      case Admission.Busy busy -> {
        log.info("task {} refused: {}", taskId, busy.message());
        yield AgentReply.status(AgentStatus.BUSY, busy.message());
      }
    };
  }

  private AgentReply cancel(CancelTask request) {
    String taskId = request.taskId();
    boolean cancelled = runner.cancel(taskId);
    return AgentReply.cancel(
        new CancelOutcome(cancelled, cancelled ? "task " + taskId + " cancelled" : "task " + taskId + " is not running here"));
  }

  private static byte[] reply(AgentReply reply) {
    return MsgPack.encode(AgentWire.toWire(reply));
  }

  private static byte[] error(String message) {
    return reply(new AgentReply.Failure(message));
  }
}
