package io.mercury.rpc.keys;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.protocol.keys.EnrolmentToken;
import io.mercury.common.protocol.keys.KeyListing;
import io.mercury.common.protocol.keys.KeyStatusReply;
import io.mercury.common.protocol.keys.KeyWire;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.store.keys.KeyStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' key endpoints on the backend's main socket.
 *
 * <ul>
 *   <li>{@code list_keys(status=None)} → {@code {keys: [entry...]}}, each entry the stored document with
 *       {@code public_key} for {@code _id}, its {@code fingerprint} (short) and times as epoch seconds;
 *   <li>{@code set_key_status(keys, status)} with status accept(ed), reject(ed) or revoke(d) and keys
 *       public keys, names or fingerprint prefixes → {@code {changed: [...], unchanged: [...], errors:
 *       [{key, error}]}}. Every reference must name a key, or nothing is changed; a key whose status
 *       does not allow the change is reported in {@code errors} and the others are still changed.
 *       Revoking an agent's key cuts the agent off (see {@link KeyRevocationListener});
 *   <li>{@code create_enrolment_token(ttl_seconds=3600, uses=1)} → {@code {token, id, expires_at, uses}};
 *       the token is in this reply only.
 * </ul>
 */
public final class KeyAdmin {
  private static final Logger log = LoggerFactory.getLogger(KeyAdmin.class);
  public static final int MAX_REFERENCES = 10_000;

  private final KeyStore keys;
  private final EnrolmentTokens tokens;
  private final KeyRevocationListener onRevoked;
  private final Runnable keysChanged;
  private final AutoEnrolment auto;

  /**
   * @param onRevoked told of each revoked agent key, after the store changed
   * @param keysChanged run after keys changed status, before the reply (the allow-list re-reads the
   *     store, so an accepted key may connect and a revoked one is cut off at once)
   */
  public KeyAdmin(KeyStore keys, EnrolmentTokens tokens, KeyRevocationListener onRevoked, Runnable keysChanged) {
    this(keys, tokens, onRevoked, keysChanged, null);
  }

  /** @param auto the limits on tokens minted for a booting agent's MAC; null: none may be */
  public KeyAdmin(
      KeyStore keys, EnrolmentTokens tokens, KeyRevocationListener onRevoked, Runnable keysChanged, AutoEnrolment auto) {
    this.auto = auto;
    this.keys = keys;
    this.tokens = tokens;
    this.onRevoked = onRevoked;
    this.keysChanged = keysChanged;
  }

  /** The keys, all or those with {@code status}; a key that would displace a device's accepted one names it. */
  public List<KeyListing> listKeys(String status) {
    Optional<KeyStatus> only;
    try {
      only = status == null || status.isBlank() ? Optional.empty() : Optional.of(KeyStatus.parse(status));
    } catch (IllegalArgumentException e) {
      throw new EndpointException("list_keys: " + e.getMessage());
    }
    keys.expire();
    Map<String, String> boundKey = new java.util.HashMap<>();
    for (KeyEntry e : keys.list(Optional.of(KeyStatus.ACCEPTED))) {
      if (e.kind() == KeyKind.AGENT && e.mercuryId() != null) {
        boundKey.put(e.mercuryId(), e.shortFingerprint());
      }
    }
    return keys.list(only).stream()
        .map(
            e -> {
              // the device's accepted key this one would replace
              String holder = e.status() != KeyStatus.ACCEPTED && e.mercuryId() != null ? boundKey.get(e.mercuryId()) : null;
              return KeyListing.of(e).withConflict(holder);
            })
        .toList();
  }

  public KeyStatusReply setKeyStatus(List<?> references, String status, String by) {
    boolean replace = status != null && List.of("replace", "replaced").contains(status.trim().toLowerCase(Locale.ROOT));
    KeyStatus target = replace ? KeyStatus.ACCEPTED : target(status);
    if (references.isEmpty()) {
      throw new EndpointException("set_key_status: no keys given");
    }
    if (references.size() > MAX_REFERENCES) {
      throw new EndpointException("set_key_status: at most " + MAX_REFERENCES + " keys per call, got " + references.size());
    }
    List<String> refs;
    try {
      refs = KeyWire.references(references);
    } catch (IllegalArgumentException e) {
      throw new EndpointException("set_key_status: " + e.getMessage());
    }
    List<String> unknown = new ArrayList<>();
    for (String ref : refs) {
      try {
        keys.resolve(ref);
      } catch (KeyStoreException e) {
        unknown.add(e.getMessage());
      }
    }
    if (!unknown.isEmpty()) {
      throw new EndpointException("set_key_status changed nothing: " + String.join("; ", unknown));
    }
    List<KeyListing> changed = new ArrayList<>();
    List<KeyListing> unchanged = new ArrayList<>();
    List<KeyStatusReply.KeyError> errors = new ArrayList<>();
    List<KeyEntry> revokedAgents = new ArrayList<>();
    for (String ref : refs) {
      try {
        List<KeyEntry> displaced = target == KeyStatus.ACCEPTED ? displaced(ref, replace) : List.of();
        List<KeyEntry> done = keys.setStatus(ref, target, by);
        for (KeyEntry old : displaced) {
          for (KeyEntry revoked : keys.setStatus(old.publicKey(), KeyStatus.REVOKED, by)) {
            changed.add(KeyListing.of(revoked));
            log.info("key {} of device {} revoked by {}: replaced", revoked.shortFingerprint(), revoked.mercuryId(), by);
            revokedAgents.add(revoked);
          }
        }
        if (done.isEmpty()) {
          keys.resolve(ref).forEach(e -> unchanged.add(KeyListing.of(e)));
        }
        for (KeyEntry entry : done) {
          changed.add(KeyListing.of(entry));
          log.info("key {} ({}) {} by {}", entry.shortFingerprint(), entry.name(), target.wireName(), by);
          if (target == KeyStatus.REVOKED && entry.kind() == KeyKind.AGENT && entry.mercuryId() != null) {
            revokedAgents.add(entry);
          }
        }
      } catch (KeyStoreException e) {
        errors.add(new KeyStatusReply.KeyError(ref, e.getMessage()));
      }
    }
    if (!changed.isEmpty()) {
      keysChanged.run();
    }
    for (KeyEntry entry : revokedAgents) {
      onRevoked.revoked(entry, "the agent's key " + entry.shortFingerprint() + " was revoked by " + by);
    }
    return new KeyStatusReply(changed, unchanged, errors);
  }

  public EnrolmentToken createToken(double ttlSeconds, long uses, String by) {
    return createToken(ttlSeconds, uses, by, null, false);
  }

  /**
   * As above; {@code mac} names the booting agent's network card the token is for (see {@link
   * AutoEnrolment}), which a daemon ({@code forBoot}: the boot service) must give, with one use.
   */
  public EnrolmentToken createToken(double ttlSeconds, long uses, String by, String mac, boolean forBoot) {
    if (forBoot && mac == null) {
      throw new EndpointException("create_enrolment_token: the boot service mints tokens only for a booting agent's mac");
    }
    if (mac != null && auto == null) {
      throw new EndpointException("create_enrolment_token: tokens for a MAC are not enabled on this backend");
    }
    if (mac != null && uses != 1) {
      throw new EndpointException("create_enrolment_token: a token for a MAC has one use, not " + uses);
    }
    if (!(ttlSeconds > 0) || ttlSeconds > EnrolmentTokens.MAX_TTL.toSeconds()) {
      throw new EndpointException(
          "create_enrolment_token: ttl_seconds must be more than 0 and at most "
              + EnrolmentTokens.MAX_TTL.toSeconds() + ", got " + ttlSeconds);
    }
    if (uses < 1 || uses > EnrolmentTokens.MAX_USES) {
      throw new EndpointException(
          "create_enrolment_token: uses must be between 1 and " + EnrolmentTokens.MAX_USES + ", got " + uses);
    }
    String forMac = mac == null ? null : auto.admit(mac);
    EnrolmentTokens.Minted minted =
        tokens.create(Duration.ofMillis(Math.round(ttlSeconds * 1000)), (int) uses, by, forMac);
    log.info("enrolment token {} created by {}: {} use(s) until {}", minted.id(), by, minted.uses(), minted.expiresAt());
    return new EnrolmentToken(minted.token(), minted.id(), minted.expiresAt(), minted.uses(), forMac);
  }

  /**
   * The accepted keys of the device an agent key {@code ref} names, which accepting it would displace: a
   * device has one key. Accepting is refused while there are any; replacing revokes them.
   *
   * @throws KeyStoreException when the reference is ambiguous or the device already has a key and
   *     {@code replace} is false
   */
  private List<KeyEntry> displaced(String ref, boolean replace) {
    List<KeyEntry> named =
        keys.resolve(ref).stream()
            .filter(e -> e.kind() == KeyKind.AGENT && (e.status() == KeyStatus.PENDING || e.status() == KeyStatus.REJECTED))
            .toList();
    if (named.size() > 1) {
      throw new KeyStoreException(
          named.size() + " keys claim " + ref + "; name the one to let in by its fingerprint (mcli keys list)");
    }
    if (named.isEmpty() || named.getFirst().mercuryId() == null) {
      if (replace) {
        throw new KeyStoreException("replace takes a pending agent key; " + ref + " is none");
      }
      return List.of();
    }
    KeyEntry incoming = named.getFirst();
    List<KeyEntry> bound = keys.boundTo(incoming.mercuryId()).stream().filter(e -> !e.publicKey().equals(incoming.publicKey())).toList();
    if (!bound.isEmpty() && !replace) {
      throw new KeyStoreException(
          "device " + incoming.mercuryId() + " already has accepted key " + bound.getFirst().shortFingerprint()
              + "; to give it key " + incoming.shortFingerprint() + " instead, run: mcli keys replace " + incoming.shortFingerprint());
    }
    return bound;
  }

  private static KeyStatus target(String status) {
    String s = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "accept", "accepted" -> KeyStatus.ACCEPTED;
      case "reject", "rejected" -> KeyStatus.REJECTED;
      case "revoke", "revoked" -> KeyStatus.REVOKED;
      default -> throw new EndpointException(
          "set_key_status: status must be accept, replace, reject or revoke, got '" + status + "'");
    };
  }
}
