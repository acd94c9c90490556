import { defineMethod } from './define-method.ts'

export const nodeDescribe = defineMethod('node.describe', {
  access: 'operator.read',
  handle: ({ nodeId }, ctx) => ({ ts: Date.now(), ...ctx.nodes.describe(nodeId) }),
})
