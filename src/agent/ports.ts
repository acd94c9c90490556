/**
 * What the agent needs from parts built elsewhere. The channel manager implements OutboundPort (the
 * same path as the `send` method); the node service implements NodeInvokePort (the same checks as
 * `node.invoke`: the node is connected, the command is declared, approved and allowed by policy).
 */
interface OutboundPort {
  send(msg: { channel?: string; to: string; message: string; accountId?: string; threadId?: string }): Promise<{ messageId: string; channel: string }>
}

export interface NodeInvokePort {
  invoke(req: { nodeId: string; command: string; params?: unknown; timeoutMs?: number; sessionKey?: string }): Promise<unknown>
}

export interface AgentPorts {
  outbound: OutboundPort
  nodeInvoker: NodeInvokePort
}
