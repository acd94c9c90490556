import { defineMethod } from './define-method.ts'

export const nodePairReject = defineMethod('node.pair.reject', {
  access: 'operator.pairing',
  handle: ({ requestId }, ctx) => ctx.nodes.reject(requestId),
})
