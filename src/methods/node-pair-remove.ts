import { defineMethod } from './define-method.ts'

/** Forgets the node's approved surface: its live connections keep no commands until approved again. */
export const nodePairRemove = defineMethod('node.pair.remove', {
  access: 'operator.pairing',
  handle: ({ nodeId }, ctx) => ctx.nodes.remove(nodeId),
})
