package io.mercury.rpc.link;

/**
 * An {@link AgentLink}'s counters since it was created, and its current load.
 *
 * @param requests requests accepted by {@link AgentLink#request}
 * @param replies well-formed replies received
 * @param timeouts requests that got no reply in time
 * @param failures malformed replies and requests that could not be sent
 * @param refusals requests failed at once because their connection was refused (see {@link LinkFailures#isRefused})
 * @param reconnects connections replaced because they were not proven within their budget
 * @param inFlight requests sent (or connecting) and waiting for their reply
 * @param queued requests waiting for an in-flight slot
 * @param openSockets sockets currently open (a DEALER per connection, two more while it connects)
 * @param connectionsOpened connections opened for a request (replacements not counted)
 * @param connectionsReused requests sent on a connection an earlier request had opened
 * @param openConnections connections open now, idle or in use
 * @param idleConnections connections open now and not in use
 */
public record LinkStats(
    long requests,
    long replies,
    long timeouts,
    long failures,
    long refusals,
    long reconnects,
    int inFlight,
    int queued,
    int openSockets,
    long connectionsOpened,
    long connectionsReused,
    int openConnections,
    int idleConnections) {}
