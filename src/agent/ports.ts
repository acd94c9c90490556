/**
 * What the agent needs from parts built elsewhere. The channels work implements OutboundPort (the
 * same path as the `send` method); the nodes work implements NodeInvokePort (the same checks as
 * `node.invoke`: the node is connected, the command is declared, approved and allowed by policy).
 * Until they are plugged in, the tools that need them answer the model with a clear error.
 */
export interface OutboundPort {
  send(msg: { channel?: string; to: string; message: string; accountId?: string }): Promise<{ messageId: string; channel: string }>
}

export interface NodeInvokePort {
  invoke(req: { nodeId: string; command: string; params?: unknown; timeoutMs?: number; sessionKey?: string }): Promise<unknown>
}

export interface AgentPorts {
  outbound?: OutboundPort
  nodeInvoker?: NodeInvokePort
}
