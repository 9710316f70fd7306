package io.mercury.common.store.keys;

import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import java.util.Date;
import org.bson.Document;

/** A {@link KeyEntry} as a document of the {@code keys} collection, and back; times are BSON dates. */
final class KeyDocuments {
  private KeyDocuments() {}

  /** The stored document. */
  static Document toDocument(KeyEntry e) {
    Document doc =
        new Document(KeyEntry.ID, e.publicKey())
            .append(KeyEntry.NAME, e.name())
            .append(KeyEntry.KIND, e.kind().wireName())
            .append(KeyEntry.ROLE, e.role().wireName())
            .append(KeyEntry.STATUS, e.status().wireName());
    if (e.mercuryId() != null) {
      doc.append(KeyEntry.MERCURY_ID, e.mercuryId());
    }
    if (e.hostname() != null) {
      doc.append(KeyEntry.HOSTNAME, e.hostname());
    }
    if (e.address() != null) {
      doc.append(KeyEntry.ADDRESS, e.address());
    }
    return doc.append(KeyEntry.CREATED_AT, Date.from(e.createdAt()))
        .append(KeyEntry.UPDATED_AT, Date.from(e.updatedAt()))
        .append(KeyEntry.UPDATED_BY, e.updatedBy());
  }

  /**
   * Reads a stored document.
   *
   * @throws IllegalArgumentException when a field is missing or has an unknown value
   */
  static KeyEntry fromDocument(Document doc) {
    try {
      return new KeyEntry(
          doc.getString(KeyEntry.ID),
          doc.getString(KeyEntry.NAME),
          KeyKind.parse(doc.getString(KeyEntry.KIND)),
          Role.parse(doc.getString(KeyEntry.ROLE)),
          KeyStatus.parse(doc.getString(KeyEntry.STATUS)),
          doc.getString(KeyEntry.MERCURY_ID),
          doc.getString(KeyEntry.HOSTNAME),
          doc.getString(KeyEntry.ADDRESS),
          doc.getDate(KeyEntry.CREATED_AT).toInstant(),
          doc.getDate(KeyEntry.UPDATED_AT).toInstant(),
          doc.getString(KeyEntry.UPDATED_BY));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "key document " + doc.get(KeyEntry.ID) + " is malformed: " + e.getMessage(), e);
    }
  }
}
