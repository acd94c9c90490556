import { defineMethod } from './define-method.ts'

/** The operator-facing name; it wins over the name the node reports for itself. */
export const nodeRename = defineMethod('node.rename', {
  access: 'operator.pairing',
  handle: ({ nodeId, displayName }, ctx) => ctx.nodes.rename(nodeId, displayName.trim() || displayName),
})
