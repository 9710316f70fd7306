package io.mercury.common.store;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The value type of a collection's data map: each document stored as BSON ({@link BsonCodec}) instead of
 * H2's default Java serialization. Values are never compared. {@link #getMemory} estimates the
 * document's size (about its BSON size) from a walk over its fields, without encoding it; MVStore uses it
 * for its page cache and to decide when a page splits, so an estimate far below the real size would make
 * the pages that every commit rewrites large.
 */
final class DocumentType extends BasicDataType<Document> {
  static final DocumentType INSTANCE = new DocumentType();

  private DocumentType() {}

  @Override
  public int getMemory(Document document) {
    return estimate(document);
  }

  @Override
  public void write(WriteBuffer out, Document document) {
    BsonCodec.writeDocument(out, document);
  }

  @Override
  public Document read(ByteBuffer in) {
    return BsonCodec.readDocument(in);
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }

  /** A rough size in bytes of a value: strings by length, containers by their contents. */
  static int estimate(Object value) {
    if (value instanceof String s) {
      return 24 + s.length();
    }
    if (value instanceof Map<?, ?> map) {
      int size = 32;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        size += 16 + String.valueOf(e.getKey()).length() + estimate(e.getValue());
      }
      return size;
    }
    if (value instanceof Collection<?> list) {
      int size = 32;
      for (Object element : list) {
        size += 8 + estimate(element);
      }
      return size;
    }
    return 16;
  }
}
