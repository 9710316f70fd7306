package io.mercury.common.store;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.h2.mvstore.WriteBuffer;

/**
 * The embedded store's on-disk encoding of documents and single values, with mongo-java-server's own
 * BSON encoder and decoder (the ones of its wire protocol): a document is one BSON document; a value is
 * its BSON type byte followed by the BSON encoding of the value, or {@link #MISSING} for
 * mongo-java-server's {@link Missing} (the position of a document without an {@code _id}), which BSON
 * has no type for.
 *
 * <p>What BSON keeps: every type a document can arrive in over the wire (strings, 32- and 64-bit
 * integers, doubles, Decimal128, booleans, null, documents, arrays, dates, timestamps, ObjectIds, binary
 * and UUIDs, regular expressions, JavaScript, min/max keys). What it does not: an {@code Instant} is kept
 * to the millisecond (a BSON date), and a collection is read back as a list. A value of any other Java
 * type fails the write with an {@link IllegalArgumentException} naming the type.
 */
final class BsonCodec {
  /** The type byte of {@link Missing}: not a BSON element type. */
  static final byte MISSING = 0x20;
  private static final byte STRING = 0x02;

  private BsonCodec() {}

  static void writeDocument(WriteBuffer out, Document document) {
    ByteBuf buf = Unpooled.buffer(512);
    BsonEncoder.encodeDocument(document, buf);
    copy(buf, out);
  }

  static Document readDocument(ByteBuffer in) {
    int length = Integer.reverseBytes(in.getInt(in.position()));
    ByteBuf buf = Unpooled.wrappedBuffer(in.slice(in.position(), length));
    in.position(in.position() + length);
    return BsonDecoder.decodeBson(buf);
  }

  static void writeValue(WriteBuffer out, Object value) {
    if (value instanceof Missing) {
      out.put(MISSING);
      return;
    }
    if (value instanceof String s) {
      // The common case (ids, statuses) without a scratch buffer: the same bytes as the encoder's.
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.put(STRING).putInt(Integer.reverseBytes(utf8.length + 1)).put(utf8).put((byte) 0);
      return;
    }
    byte type = typeOf(value);
    ByteBuf buf = Unpooled.buffer(32);
    buf.writeByte(type);
    BsonEncoder.encodeValue(type, value, buf);
    copy(buf, out);
  }

  static Object readValue(ByteBuffer in) {
    byte type = in.get();
    if (type == MISSING) {
      return Missing.getInstance();
    }
    ByteBuf buf = Unpooled.wrappedBuffer(in.slice());
    Object value = BsonDecoder.decodeValue(type, buf);
    in.position(in.position() + buf.readerIndex());
    return value;
  }

  /** The BSON type byte of a value ({@link #MISSING} for {@link Missing}). */
  static byte typeOf(Object value) {
    return value instanceof Missing ? MISSING : BsonEncoder.determineType(value);
  }

  /** The encoding of one value as {@link #writeValue} writes it. */
  static byte[] encode(Object value) {
    WriteBuffer out = new WriteBuffer(64);
    writeValue(out, value);
    ByteBuffer bytes = out.getBuffer().flip();
    byte[] result = new byte[bytes.remaining()];
    bytes.get(result);
    return result;
  }

  private static void copy(ByteBuf from, WriteBuffer to) {
    to.put(from.array(), from.arrayOffset() + from.readerIndex(), from.readableBytes());
  }
}
