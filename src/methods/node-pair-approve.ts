import { defineMethod } from './define-method.ts'

/**
 * Base scope `operator.pairing`; the request's declared commands may demand `operator.write` or
 * `operator.admin` on top, which the node service checks against the caller's scopes.
 */
export const nodePairApprove = defineMethod('node.pair.approve', {
  access: 'operator.pairing',
  handle: ({ requestId }, ctx) => ctx.nodes.approve(requestId, ctx.session.scopes),
})
