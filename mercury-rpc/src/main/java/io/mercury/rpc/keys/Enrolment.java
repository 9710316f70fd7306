package io.mercury.rpc.keys;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.id.MercuryId;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.security.Caller;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditException;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditRecord.Who;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.EnrolmentTokens.Redemption;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.store.keys.KeyStoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code enrol(mercury_id, hostname, token=None)}: an agent asks for its CURVE key to be accepted. The
 * key is the one the caller proved it holds in the handshake, never a claim in the request.
 *
 * <ul>
 *   <li>a key already accepted stays accepted: {@code accepted};
 *   <li>a rejected or revoked key stays so, whatever the token: {@code rejected};
 *   <li>a valid token takes one use and accepts the key as role agent: {@code accepted};
 *   <li>otherwise (no token, or an unknown, expired or used-up one) the key is recorded pending for an
 *       operator to accept: {@code pending}.
 * </ul>
 *
 * <p>The reply is {@code {status, fingerprint, mercury_id, message}}; {@code fingerprint} is the short
 * fingerprint an operator passes to {@code mcli keys accept}. When too many keys are pending the call
 * fails with an error saying so (the agent retries).
 */
public final class Enrolment {
  private static final Logger log = LoggerFactory.getLogger(Enrolment.class);
  private static final int MAX_HOSTNAME = 255;

  private final KeyStore keys;
  private final EnrolmentTokens tokens;
  private final AuditTrail audit;
  private final Runnable keysChanged;
  private final java.util.function.UnaryOperator<String> sourceOf;

  /**
   * @param audit where a key accepted with a token is recorded (before it is accepted: when that write
   *     fails the key stays pending and the call fails); other enrolments are not audited, since anyone
   *     may call {@code enrol} and must not be able to fill the trail
   * @param keysChanged run after a token accepted a key (the allow-list re-reads the store)
   */
  public Enrolment(KeyStore keys, EnrolmentTokens tokens, AuditTrail audit, Runnable keysChanged) {
    this(keys, tokens, audit, keysChanged, key -> null);
  }

  /**
   * @param sourceOf the address a key connected from (see {@link AnyKey#addressOf}), recorded with a
   *     pending key and capped per address; null when unknown
   */
  public Enrolment(
      KeyStore keys, EnrolmentTokens tokens, AuditTrail audit, Runnable keysChanged, java.util.function.UnaryOperator<String> sourceOf) {
    this.sourceOf = sourceOf;
    this.keys = keys;
    this.tokens = tokens;
    this.audit = audit;
    this.keysChanged = keysChanged;
  }

  public Map<String, Object> enrol(Caller caller, String mercuryId, String hostname, String token) {
    if (!caller.authenticated()) {
      throw new EndpointException(
          "enrol needs CURVE: this connection is not authenticated (security.curve is off), so there is no key to enrol");
    }
    if (!MercuryId.isValid(mercuryId)) {
      throw new EndpointException("enrol: '" + mercuryId + "' is not a mercury_id");
    }
    if (hostname != null && hostname.length() > MAX_HOSTNAME) {
      throw new EndpointException("enrol: hostname is longer than " + MAX_HOSTNAME + " characters");
    }
    String key = caller.publicKey();
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, mercuryId)) {
      KeyEntry known = keys.find(key).orElse(null);
      if (known != null && known.status() != KeyStatus.PENDING) {
        return reply(known, mercuryId, known.status() == KeyStatus.ACCEPTED
            ? "the key is accepted"
            : "the key is " + known.status().wireName() + " by " + known.updatedBy() + "; it will not be accepted");
      }
      String why = "no enrolment token was given";
      List<KeyEntry> bound = keys.boundTo(mercuryId).stream().filter(e -> !e.publicKey().equals(key)).toList();
      if (!bound.isEmpty()) {
        // a device has one key: a second one (a reinstall, or someone else) waits for an operator, token or not
        why = "device " + mercuryId + " already has accepted key " + bound.getFirst().shortFingerprint()
            + "; an operator must replace it (mcli keys replace <fingerprint>)";
        token = null;
      }
      if (token != null && !token.isBlank()) {
        Redemption redemption = tokens.redeem(token);
        if (redemption == Redemption.REDEEMED) {
          String tokenName = "token:" + EnrolmentTokens.id(token.trim());
          Map<String, Object> targets = new LinkedHashMap<>();
          targets.put("mercury_id", mercuryId);
          targets.put("fingerprint", KeyEntry.fingerprint(key).substring(0, KeyEntry.SHORT_FINGERPRINT));
          targets.put("status", KeyStatus.ACCEPTED.wireName());
          try {
            audit.record(
                new Who(mercuryId, key, tokenName, Role.AGENT.wireName()),
                "enrol",
                targets,
                Outcome.OK,
                "key accepted with enrolment token " + tokenName);
          } catch (AuditException e) {
            throw new EndpointException("enrol refused, it could not be audited: " + e.getMessage());
          }
          KeyEntry accepted = keys.acceptAgent(key, mercuryId, hostname, sourceOf.apply(key), tokenName);
          log.info("agent key {} accepted with enrolment token {}", accepted.shortFingerprint(), EnrolmentTokens.id(token.trim()));
          keysChanged.run();
          return reply(accepted, mercuryId, "the key was accepted with an enrolment token");
        }
        why = redemption.reason();
      }
      KeyEntry pending;
      try {
        pending = keys.upsertPending(key, mercuryId, hostname, sourceOf.apply(key));
      } catch (KeyStoreException e) {
        log.warn("agent key not recorded: {}", e.getMessage());
        throw new EndpointException(e.getMessage());
      }
      if (pending.status() == KeyStatus.PENDING) {
        String next = bound.isEmpty() ? "mcli keys accept " : "mcli keys replace ";
        log.info("agent key {} is pending ({}); let it in with: {}{}", pending.shortFingerprint(), why, next, pending.shortFingerprint());
        return reply(pending, mercuryId, why + "; ask an operator to run: " + next + pending.shortFingerprint());
      }
      return reply(pending, mercuryId, "the key is " + pending.status().wireName());
    }
  }

  private static Map<String, Object> reply(KeyEntry entry, String mercuryId, String message) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("status", entry.status() == KeyStatus.REVOKED ? "rejected" : entry.status().wireName());
    reply.put("fingerprint", entry.shortFingerprint());
    reply.put("mercury_id", mercuryId);
    reply.put("message", message);
    return reply;
  }
}
