/**
 * The Mercury agent, speaking the original agent protocol (docs/protocol.md, "Agent"): {@link
 * io.mercury.agent.AgentMain} (daemon), {@link io.mercury.agent.AgentService} (wires the parts), {@link
 * io.mercury.agent.RpcHandler} (category protocol on the RPC ROUTER), {@link io.mercury.agent.PongServer},
 * {@link io.mercury.agent.Registrar}, {@link io.mercury.agent.TaskRunner}, {@link
 * io.mercury.agent.ResultSpool} and {@link io.mercury.agent.ResultReporter}. Capabilities are plug-ins:
 * see {@link io.mercury.agent.capability}.
 */
package io.mercury.agent;
