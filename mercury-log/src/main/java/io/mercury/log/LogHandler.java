package io.mercury.log;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import io.mercury.common.transport.MessageHandler;
import io.mercury.log.record.InvalidEventException;
import java.util.Map;

/**
 * The log service's messages: a map with {@code endpoint} is a request for an endpoint ({@code
 * log_batch}, {@code query_logs}, {@code follow_address}), any other map is an original agent's log
 * record, which only agents and daemons may send, stored under its sender's identity as {@code
 * log_batch}'s events are. Malformed input gets an error reply and changes nothing.
 */
final class LogHandler implements MessageHandler {
  private final Dispatcher endpoints;
  private final LogIngest ingest;

  LogHandler(Dispatcher endpoints, LogIngest ingest) {
    this.endpoints = endpoints;
    this.ingest = ingest;
  }

  @Override
  public byte[] handle(byte[] payload, Caller caller) {
    Object decoded;
    try {
      decoded = MsgPack.decode(payload);
    } catch (MalformedMessageException e) {
      return MsgPack.encode(Reply.failure("Invalid message: not msgpack (" + e.getMessage() + ")").toWire());
    }
    if (!(decoded instanceof Map<?, ?> message)) {
      return MsgPack.encode(Reply.failure("Invalid message: not a map").toWire());
    }
    if (message.containsKey("endpoint") || KeepAlive.isRequest(message)) {
      return MsgPack.encode(endpoints.dispatch(message, caller));
    }
    if (!LogEndpoints.SENDERS.allows(caller)) {
      return MsgPack.encode(Reply.failure(LogEndpoints.SENDERS.refusal("log record", caller)).toWire());
    }
    try {
      return MsgPack.encode(Reply.ok(ingest.original(message, caller)).toWire());
    } catch (InvalidEventException e) {
      return MsgPack.encode(Reply.failure(e.getMessage()).toWire());
    }
  }
}
