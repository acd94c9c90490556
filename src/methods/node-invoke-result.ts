import { GatewayError } from '../protocol/index.ts'
import { nodeIdOf } from '../nodes/registry.ts'
import { defineMethod } from './define-method.ts'

/** A node answers an invoke. Late answers (after a timeout) are acknowledged and dropped. */
export const nodeInvokeResult = defineMethod('node.invoke.result', {
  access: 'node',
  handle(params, ctx) {
    if (params.nodeId !== nodeIdOf(ctx.session)) throw new GatewayError('INVALID_REQUEST', 'nodeId mismatch', { code: 'NODE_ID_MISMATCH' })
    const settled = ctx.nodes.settle(params.id, ctx.session.connId, params)
    return settled ? { ok: true as const } : { ok: true as const, ignored: true as const }
  },
})
