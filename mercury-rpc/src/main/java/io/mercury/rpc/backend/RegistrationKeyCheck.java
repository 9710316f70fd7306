package io.mercury.rpc.backend;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.backend.BackendWire;
import io.mercury.common.security.Caller;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.transport.MessageHandler;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the backend's {@code register} endpoint when CURVE is on: a registration is passed on only when
 * its {@code agent_info.curve_public_key} is the key the caller authenticated with, because the backend
 * later uses that key as the server key when it connects to the agent. Otherwise the reply is an error
 * saying so, and nothing is registered. Every other message, and every message when the caller is not
 * authenticated (CURVE off, the original's agents), goes to the wrapped handler unchanged.
 */
final class RegistrationKeyCheck implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(RegistrationKeyCheck.class);

  private final MessageHandler next;

  RegistrationKeyCheck(MessageHandler next) {
    this.next = next;
  }

  @Override
  public byte[] handle(byte[] payload, Caller caller) {
    if (caller.authenticated()) {
      String refusal = refusal(payload, caller);
      if (refusal != null) {
        log.warn("refused a registration from {}: {}", caller.name(), refusal);
        return MsgPack.encode(Reply.failure(refusal).toWire());
      }
    }
    return next.handle(payload, caller);
  }

  /** A registration is never immediate, so nothing this check refuses skips it. */
  @Override
  public boolean answersOnSocketThread(byte[] payload, Caller caller) {
    return next.answersOnSocketThread(payload, caller);
  }

  /** Why the message is a registration that must be refused, or null. */
  private static String refusal(byte[] payload, Caller caller) {
    Object decoded;
    try {
      decoded = MsgPack.decode(payload);
    } catch (MalformedMessageException e) {
      return null; // the dispatcher answers it
    }
    if (!(decoded instanceof Map<?, ?> message) || !"register".equals(message.get("endpoint"))) {
      return null;
    }
    Object agentInfo = null;
    if (message.get("kwargs") instanceof Map<?, ?> kwargs) {
      agentInfo = kwargs.get("agent_info");
    }
    if (agentInfo == null && message.get("args") instanceof List<?> args && args.size() > 1) {
      agentInfo = args.get(1);
    }
    if (!(agentInfo instanceof Map<?, ?> info)) {
      return null; // malformed: the dispatcher answers it
    }
    String claimed = BackendWire.agentInfo(info).curvePublicKey();
    if (claimed == null) {
      return "Permission denied: registration has no agent_info.curve_public_key; with CURVE on an agent"
          + " registers with the public key it connects with";
    }
    if (!claimed.equals(caller.publicKey())) {
      return "Permission denied: registration's agent_info.curve_public_key ("
          + CurveKeyPair.fingerprint(claimed)
          + ") is not the key this connection authenticated with ("
          + CurveKeyPair.fingerprint(caller.publicKey())
          + ")";
    }
    return null;
  }
}
