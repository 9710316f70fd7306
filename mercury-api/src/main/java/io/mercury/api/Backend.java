package io.mercury.api;

import io.javalin.http.Context;
import io.mercury.common.client.FrontendClient;
import io.mercury.common.client.InventoryClient;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;

/**
 * One service behind the API (the inventory or the RPC frontend). No reply is a 503; a refusal (a bad
 * query, a bad instruction) is a 400 carrying the service's message; a failure of the service itself
 * (it sent a traceback) is a 502 that says only where the details are.
 *
 * <p>Every call is made on behalf of the HTTP caller ({@code on_behalf_of}): a token's holder with the
 * token's role, so the service checks and audits it as {@code api for <name>}; without tokens (loopback
 * only) the client's address, as an operator.
 *
 * <p>Each service is called through its typed client: {@link #inventory}, {@link #frontend}.
 */
public final class Backend {
  private final String name;
  private final InventoryClient inventory;
  private final FrontendClient frontend;

  public Backend(String name, ServiceClient client) {
    this.name = name;
    this.inventory = new InventoryClient(client);
    this.frontend = new FrontendClient(client);
  }

  /** One call to the inventory through its typed client, on behalf of the HTTP caller. */
  <T> T inventory(Context ctx, InventoryCall<T> call) {
    Operator operator = actingFor(ctx);
    return answer(() -> call.on(inventory.onBehalfOf(operator.name(), operator.role())));
  }

  /** One call to the RPC frontend through its typed client, on behalf of the HTTP caller. */
  <T> T frontend(Context ctx, FrontendCall<T> call) {
    Operator operator = actingFor(ctx);
    return answer(() -> call.on(frontend.onBehalfOf(operator.name(), operator.role())));
  }

  /** A call of the typed inventory client. */
  @FunctionalInterface
  interface InventoryCall<T> {
    T on(InventoryClient inventory) throws TransportException, RemoteException, UnexpectedReplyException;
  }

  /** A call of the typed frontend client. */
  @FunctionalInterface
  interface FrontendCall<T> {
    T on(FrontendClient frontend) throws TransportException, RemoteException, UnexpectedReplyException;
  }

  /** A call that has its client already. */
  @FunctionalInterface
  private interface Exchange<T> {
    T run() throws TransportException, RemoteException, UnexpectedReplyException;
  }

  private <T> T answer(Exchange<T> exchange) {
    try {
      return exchange.run();
    } catch (UnexpectedReplyException e) {
      throw new ApiError(502, name + " failed: " + e.getMessage());
    } catch (TransportException e) {
      throw new ApiError(503, name + " is unavailable: " + e.getMessage());
    } catch (RemoteException e) {
      if (!e.traceback().isEmpty()) {
        throw new ApiError(502, name + " failed; its log has the details");
      }
      String message = e.getMessage() == null ? "(no message)" : e.getMessage();
      throw ApiError.badRequest(name + " refused the request: " + message.lines().findFirst().orElse(message));
    }
  }

  /** The HTTP caller; without tokens, the client's address as an operator. */
  private static Operator actingFor(Context ctx) {
    Caller caller = GuardedRoutes.caller(ctx);
    return caller.role() == Role.SERVICE
        ? new Operator("http@" + ctx.ip().replaceAll("[^\\p{Alnum}.:]", "_"), Role.OPERATOR.wireName())
        : new Operator(caller.name(), caller.role().wireName());
  }

  /** Whom a call is made for: {@code on_behalf_of}'s name and role (wire spelling). */
  private record Operator(String name, String role) {}
}
