import { defineMethod } from './define-method.ts'

/** Every known node (connected, paired or waiting for approval), connected first, then by name. */
export const nodeList = defineMethod('node.list', {
  access: 'operator.read',
  handle: (_params, ctx) => ({ ts: Date.now(), nodes: ctx.nodes.list() }),
})
