package io.mercury.common.fuzz;

/**
 * What one fuzz run against one socket saw.
 *
 * @param target the service and socket fuzzed
 * @param sent messages (or connections, for raw TCP) sent
 * @param replies replies received that were msgpack maps
 * @param errorReplies of those, replies with {@code "error": true}
 * @param unanswered messages that got no readable reply within the timeout
 * @param firstProblem what the first unanswered message was (kind and index), or null
 */
public record FuzzResult(String target, long sent, long replies, long errorReplies, long unanswered, String firstProblem) {
  public FuzzResult plus(FuzzResult other) {
    return new FuzzResult(
        target,
        sent + other.sent,
        replies + other.replies,
        errorReplies + other.errorReplies,
        unanswered + other.unanswered,
        firstProblem != null ? firstProblem : other.firstProblem);
  }
}
