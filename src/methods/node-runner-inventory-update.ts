import { GatewayError } from '../protocol/index.ts'
import { nodeIdOf } from '../nodes/registry.ts'
import { defineMethod } from './define-method.ts'

/**
 * The node host publishes its worker inventory once its surface is approved; while a request is
 * pending it is told so and retries by itself (as the original gateway answers).
 */
export const nodeRunnerInventoryUpdate = defineMethod('node.runnerInventory.update', {
  access: 'node',
  handle(_params, ctx) {
    const nodeId = nodeIdOf(ctx.session)
    const pending = ctx.nodes.pendingOf(nodeId)
    if (pending) {
      const hint = `run \`openclaw nodes approve ${pending.requestId}\` (see \`openclaw nodes pending\`), then this node retries automatically`
      throw new GatewayError('UNAVAILABLE', `node capability surface is awaiting operator approval; ${hint}`, {
        code: 'NODE_APPROVAL_PENDING',
        requestId: pending.requestId,
      })
    }
    return { nodeId }
  },
})
