/**
 * The agent's way to run node commands: the same checks as `node.invoke` (connected, declared,
 * approved, allowed by policy), minus the commands that need an admin. The model may be talking
 * to a channel user; running programs on a node stays an operator's decision.
 */
import { GatewayError } from '../protocol/index.ts'
import type { NodeInvokePort } from '../agent/ports.ts'
import { needsAdminToInvoke } from './command-policy.ts'
import type { NodeService } from './service.ts'

export function agentNodeInvoker(nodes: NodeService): NodeInvokePort {
  return {
    async invoke(req) {
      if (needsAdminToInvoke(req.command)) {
        throw new GatewayError('FORBIDDEN', `${req.command} needs an operator with operator.admin; the agent may not run it`)
      }
      const outcome = await nodes.invoke({
        nodeId: req.nodeId,
        command: req.command,
        params: req.params,
        timeoutMs: req.timeoutMs ?? 30_000,
        idempotencyKey: crypto.randomUUID(),
        sessionKey: req.sessionKey,
      })
      return outcome.payload
    },
  }
}
