package io.mercury.common.dispatch;

/** The code behind one endpoint. Its return value becomes the reply's {@code message}. */
@FunctionalInterface
public interface EndpointHandler {
  Object handle(BoundArgs args) throws Exception;
}
