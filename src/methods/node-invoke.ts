import { needsAdminToInvoke } from '../nodes/command-policy.ts'
import { defineMethod } from './define-method.ts'

const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Runs a command on a connected node: `node.invoke.request` goes to the node (no seq), the node's
 * `node.invoke.result` becomes this response. The key is forwarded to the node, not deduplicated here.
 */
export const nodeInvoke = defineMethod('node.invoke', {
  access: (params) => (needsAdminToInvoke(params.command) ? 'operator.admin' : 'operator.write'),
  async handle(params, ctx) {
    const { nodeId, command, idempotencyKey, sessionKey } = params
    const timeoutMs = params.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const outcome = await ctx.nodes.invoke({ nodeId, command, params: params.params, timeoutMs, idempotencyKey, sessionKey })
    return { ok: true as const, nodeId, command, ...outcome }
  },
})
