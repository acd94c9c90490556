import { defineMethod } from './define-method.ts'

/** Pending capability-surface requests, and the nodes whose surface an operator approved. */
export const nodePairList = defineMethod('node.pair.list', {
  access: 'operator.pairing',
  handle: (_params, ctx) => ctx.nodes.pairList(),
})
