package io.mercury.boot;

/**
 * One request the boot service answered.
 *
 * @param method HTTP method
 * @param path request path
 * @param client the client's address
 * @param mac the MAC asked about, or null for routes that have none
 * @param decision the decision label ({@code discovery}, {@code agent-new}, {@code local}, {@code file},
 *     ...; see {@link BootDecision.Kind#label()})
 * @param mercuryId the device, when known
 * @param status HTTP status sent
 */
public record BootEvent(
    String method, String path, String client, String mac, String decision, String mercuryId, int status) {}
