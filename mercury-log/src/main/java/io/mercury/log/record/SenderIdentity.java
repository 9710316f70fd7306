package io.mercury.log.record;

import static io.mercury.log.record.StoredFields.CLAIMED;
import static io.mercury.log.record.StoredFields.IDENTITY;
import static io.mercury.log.record.StoredFields.MERCURY_ID;
import static io.mercury.log.record.StoredFields.SERVICE;

import io.mercury.common.security.Caller;
import java.util.Objects;
import org.bson.Document;

/**
 * Who sent a record, as the transport authenticated it; the log service stores this rather than what the
 * record claims, so no sender can make its lines read as another's.
 *
 * <ul>
 *   <li>An <b>agent</b> key (role agent) is bound to one device and named by its mercury_id: its records
 *       are stored with {@code service: mercury-agent} and {@code mercury_id} the key's name.
 *   <li>A <b>daemon</b> key (role service) named {@code N} is stored with {@code service: mercury-N}, the
 *       name each daemon logs under ({@code inventory}, {@code rpc}, {@code backend}, {@code log}, {@code
 *       boot}, {@code api}; the local stack's agent is an ordinary agent, with a key of its own). A
 *       daemon's {@code mercury_id} is the device it acts on, not its identity, and is kept as sent.
 *   <li>With CURVE off nobody is authenticated ({@link Caller#unauthenticated()}): nothing can be
 *       checked and records are stored as they claim, as the original did.
 * </ul>
 *
 * <p>A record that claimed another service or (from an agent) another mercury_id is still stored, under
 * the caller's identity, with {@code identity: "mismatch"} and {@code claimed: {service?, mercury_id?}}
 * holding just the values it claimed that were replaced. Those two fields belong to the service: a
 * record's own fields of those names are dropped.
 *
 * @param service the service stored on every record of this sender, or null when nothing is verified
 * @param mercuryId the mercury_id stored on every record (agents only), or null when it is not enforced
 */
public record SenderIdentity(String service, String mercuryId) {
  /** What an agent's records are stored as: the service Mercury's agent and the original agent log as. */
  public static final String AGENT_SERVICE = "mercury-agent";
  /** The service of a daemon key {@code N} is {@code mercury-N}. */
  public static final String DAEMON_PREFIX = "mercury-";
  /** The value of {@code identity} on a record whose claim differed from its sender. */
  public static final String MISMATCH = "mismatch";

  private static final SenderIdentity UNVERIFIED = new SenderIdentity(null, null);

  public SenderIdentity {
    if (service == null && mercuryId != null) {
      throw new IllegalArgumentException("a mercury_id is enforced only with a service");
    }
  }

  /**
   * The identity of {@code caller}'s records.
   *
   * @throws IllegalArgumentException for an operator role, which may not send records (the caller
   *     checks access first)
   */
  public static SenderIdentity of(Caller caller) {
    if (!caller.authenticated()) {
      return UNVERIFIED;
    }
    return switch (caller.role()) {
      case AGENT -> new SenderIdentity(AGENT_SERVICE, caller.name());
      case SERVICE -> new SenderIdentity(DAEMON_PREFIX + caller.name(), null);
      case READ_ONLY, OPERATOR, ADMIN ->
          throw new IllegalArgumentException(
              caller.name() + " has role " + caller.role().wireName() + ", which may not send log records");
    };
  }

  /** Whether records are stamped (CURVE on) rather than stored as they claim. */
  public boolean verified() {
    return service != null;
  }

  /**
   * Puts this identity on {@code doc} (the record as it arrived, before any default is applied), marking
   * it when it claimed otherwise.
   */
  public void stamp(Document doc) {
    doc.remove(IDENTITY);
    doc.remove(CLAIMED);
    if (!verified()) {
      return;
    }
    Document claimed = new Document();
    replace(doc, SERVICE, service, claimed);
    if (mercuryId != null) {
      replace(doc, MERCURY_ID, mercuryId, claimed);
    }
    if (!claimed.isEmpty()) {
      doc.put(IDENTITY, MISMATCH);
      doc.put(CLAIMED, claimed);
    }
  }

  private static void replace(Document doc, String field, String own, Document claimed) {
    Object claim = doc.get(field);
    if (claim != null && !Objects.equals(claim, own)) {
      claimed.put(field, claim);
    }
    doc.put(field, own);
  }
}
