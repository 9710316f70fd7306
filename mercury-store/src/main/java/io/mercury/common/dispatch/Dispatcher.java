package io.mercury.common.dispatch;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import io.mercury.common.store.StoreValues;
import io.mercury.common.store.audit.AuditException;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditRecord.Who;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.MessageHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decodes a request, finds its endpoint, binds the arguments and calls it; every path produces exactly
 * one reply. The replies for protocol errors keep the original's wording so original clients that match
 * on it still work; where the original said less, the message now also says what was wrong.
 *
 * <p>Authorization: an endpoint runs only when its {@link Access} allows the {@link Caller}; otherwise
 * the reply is {@code Permission denied: <endpoint> needs role <x>; <name> has <y>} and the refusal is
 * audited. Every call of an audited endpoint is written to the {@link AuditTrail} before it runs; when
 * that write fails the call is refused (fail closed). Calls by authenticated Mercury daemons are not
 * audited: they act for an agent or for an operator call that was audited where it arrived.
 */
public final class Dispatcher implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final List<String> CONTEXT_KEYS =
      List.of(LogKeys.MERCURY_ID, LogKeys.JOB_ID, LogKeys.TASK_ID);

  /** Larger requests always go to a worker: deciding would cost a decode of the whole message. */
  private static final int MAX_IMMEDIATE_BYTES = 512;

  private final String service;
  private final EndpointRegistry registry;
  /** Without immediate endpoints no message is decoded on the socket's thread to find out. */
  private final boolean hasImmediate;
  private final AuditTrail audit;

  public Dispatcher(String service, EndpointRegistry registry, AuditTrail audit) {
    this.service = service;
    this.registry = registry;
    this.hasImmediate = registry.hasImmediate();
    this.audit = Objects.requireNonNull(audit, "audit is null");
  }

  @Override
  public byte[] handle(byte[] payload, Caller caller) {
    return MsgPack.encode(dispatch(payload, caller), StoreValues::plain);
  }

  /**
   * A small request to an {@link Endpoint#immediate() immediate} endpoint that the caller may call (a
   * refusal is written to the audit trail, which is a store write, so it goes to a worker).
   */
  @Override
  public boolean answersOnSocketThread(byte[] payload, Caller caller) {
    if (!hasImmediate || payload.length > MAX_IMMEDIATE_BYTES) {
      return false;
    }
    try {
      return MsgPack.decode(payload) instanceof Map<?, ?> message
          && message.get("endpoint") instanceof String name
          && message.get(Delegation.FIELD) == null
          && registry.find(name).map(e -> e.immediate() && e.access().allows(caller) && ownDevice(e, message, caller)).orElse(false);
    } catch (MalformedMessageException e) {
      return false; // answered by a worker, with the reason
    }
  }

  /**
   * Whether an agent's immediate request names its own device (or the endpoint names none): a request for
   * another device is refused, and the refusal is an audit write, which belongs on a worker.
   */
  private static boolean ownDevice(Endpoint endpoint, Map<?, ?> message, Caller caller) {
    if (!caller.authenticated() || caller.role() != Role.AGENT) {
      return true;
    }
    for (int i = 0; i < endpoint.params().size(); i++) {
      if (endpoint.params().get(i).name().equals(LogKeys.MERCURY_ID)) {
        Object named = message.get("args") instanceof List<?> args && args.size() > i ? args.get(i)
            : message.get("kwargs") instanceof Map<?, ?> kwargs ? kwargs.get(LogKeys.MERCURY_ID) : null;
        return caller.name().equals(named);
      }
    }
    return true;
  }

  private Map<String, Object> dispatch(byte[] payload, Caller caller) {
    Object decoded;
    try {
      decoded = MsgPack.decode(payload);
    } catch (MalformedMessageException e) {
      return Reply.failure("Client error, message is malformed: " + e.getMessage()).toWire();
    }
    if (!(decoded instanceof Map<?, ?> message)) {
      return Reply.failure(
              "Client error, message is not a map (got " + ParamType.pythonNameOf(decoded) + ")")
          .toWire();
    }
    return dispatch(message, caller);
  }

  /**
   * Dispatches an already decoded request map and returns the reply map, for a handler that looks at
   * the message before deciding it is an endpoint request (the log service also accepts bare records).
   */
  public Map<String, Object> dispatch(Map<?, ?> message, Caller caller) {
    if (KeepAlive.isRequest(message)) {
      return KeepAlive.CONFIRMATION;
    }
    Object name = message.get("endpoint");
    if (name == null) {
      return Reply.failure("Endpoint not specified in message").toWire();
    }
    if (!(name instanceof String endpointName)) {
      return Reply.failure("Client error, endpoint must be a string").toWire();
    }
    Endpoint endpoint = registry.find(endpointName).orElse(null);
    if (endpoint == null) {
      return Reply.failure(
              "Endpoint is not supported: "
                  + endpointName
                  + " (supported: "
                  + String.join(", ", registry.names())
                  + ")")
          .toWire();
    }
    Object args = message.containsKey("args") ? message.get("args") : List.of();
    Object kwargs = message.containsKey("kwargs") ? message.get("kwargs") : Map.of();
    if (!(args instanceof List<?>)) {
      return Reply.failure("Client error, args must be a list").toWire();
    }
    if (!(kwargs instanceof Map<?, ?>)) {
      return Reply.failure("Client error, kwargs must be a map").toWire();
    }
    Caller effective;
    try {
      effective = Delegation.effective(message, caller);
    } catch (PermissionDeniedException e) {
      return deny(endpoint, caller, e.getMessage());
    }
    if (!endpoint.access().allows(effective)) {
      return deny(endpoint, effective, endpoint.access().refusal(endpoint.name(), effective));
    }
    return call(endpoint, castList(args), castMap(kwargs), effective);
  }

  private Map<String, Object> deny(Endpoint endpoint, Caller caller, String refusal) {
    log.warn("{}.{} refused: {}", service, endpoint.name(), refusal);
    try {
      audit.record(Who.of(caller), endpoint.name(), Map.of(), Outcome.DENIED, refusal);
    } catch (AuditException e) {
      log.error("{}.{}: the refusal of {} was not audited: {}", service, endpoint.name(), caller.name(), e.getMessage());
    }
    return Reply.failure(refusal).toWire();
  }

  private Map<String, Object> call(
      Endpoint endpoint, List<Object> args, Map<String, Object> kwargs, Caller caller) {
    boolean audited = endpoint.access().audits(caller);
    String auditId = null;
    try {
      BoundArgs bound = endpoint.bind(args, kwargs, caller);
      putContext(bound);
      if (audited) {
        auditId = audit.begin(Who.of(caller), endpoint.name(), AuditTargets.of(endpoint, bound));
      }
      Object result = endpoint.handler().handle(bound);
      if (auditId != null) {
        audit.finish(auditId, Outcome.OK, "", AuditTargets.result(endpoint, result));
      }
      return Reply.ok(result).toWire();
    } catch (AuditException e) {
      log.error("{}.{} refused, it could not be audited: {}", service, endpoint.name(), e.getMessage());
      return Reply.failure(endpoint.name() + " refused: " + e.getMessage()).toWire();
    } catch (PermissionDeniedException e) {
      log.warn("{}.{} refused: {}", service, endpoint.name(), e.getMessage());
      auditDenied(auditId, endpoint, caller, e.getMessage());
      return Reply.failure(e.getMessage()).toWire();
    } catch (EndpointException e) {
      log.info("{}.{} refused: {}", service, endpoint.name(), e.getMessage());
      auditError(audited, auditId, endpoint, caller, e);
      return Reply.failure(e.getMessage()).toWire();
    } catch (TryAgainException e) {
      log.warn("{}.{} not done, the caller will retry: {}", service, endpoint.name(), e.getMessage());
      return Reply.failure(e.getMessage()).toWire();
    } catch (Exception e) {
      log.error("{}.{} failed", service, endpoint.name(), e);
      auditError(audited, auditId, endpoint, caller, e);
      return new Reply.Failure(String.valueOf(e.getMessage()), traceback(e)).toWire();
    } finally {
      CONTEXT_KEYS.forEach(MDC::remove);
    }
  }

  /** Records a refusal an endpoint made after the role check, audited or not. */
  private void auditDenied(String auditId, Endpoint endpoint, Caller caller, String detail) {
    auditEnd(auditId, endpoint, caller, Outcome.DENIED, detail);
  }

  /** Records a failed audited call: completes its record, or writes one if it failed while binding. */
  private void auditError(boolean audited, String auditId, Endpoint endpoint, Caller caller, Exception e) {
    if (audited) {
      auditEnd(auditId, endpoint, caller, Outcome.ERROR, String.valueOf(e.getMessage()));
    }
  }

  /** Completes the call's record, or writes one when none was begun. */
  private void auditEnd(String auditId, Endpoint endpoint, Caller caller, Outcome outcome, String detail) {
    if (auditId != null) {
      audit.finish(auditId, outcome, detail, Map.of());
      return;
    }
    try {
      audit.record(Who.of(caller), endpoint.name(), Map.of(), outcome, detail);
    } catch (AuditException failed) {
      log.error("{}.{}: the {} call of {} was not audited: {}", service, endpoint.name(), outcome, caller.name(), failed.getMessage());
    }
  }

  /** Puts well-known ids found among the bound string arguments into the logging context. */
  private static void putContext(BoundArgs bound) {
    for (String key : CONTEXT_KEYS) {
      if (bound.has(key) && bound.get(key) instanceof String value) {
        MDC.put(key, value);
      }
    }
  }

  private static List<String> traceback(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return Arrays.stream(text.toString().split("\n")).limit(40).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> castList(Object o) {
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }
}
