package io.mercury.common.transport;

import zmq.Msg;
import zmq.msg.MsgAllocator;

/**
 * The message allocator of every Mercury server socket. JeroMQ 0.6.0 checks a ZMTP frame's 8-byte size
 * against the socket's maximum message size as a signed number, so a negative size passes and is cut to
 * an int: an 80-byte handshake from an unauthenticated peer made the I/O thread allocate 758 MB for a
 * frame that never comes. This allocator hands out at most {@code ceiling} bytes; a larger (or negative)
 * size gets an empty message, which fails the handshake or arrives as an empty, malformed frame that the
 * service answers with an error. Sizes up to the ceiling are allocated as JeroMQ's default does.
 */
public final class BoundedAllocator implements MsgAllocator {
  private final long ceiling;

  public BoundedAllocator(long ceiling) {
    this.ceiling = ceiling;
  }

  @Override
  public Msg allocate(int size) {
    return size >= 0 && size <= ceiling ? new Msg(size) : new Msg(0);
  }
}
