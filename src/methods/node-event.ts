import { defineMethod } from './define-method.ts'

/** Events a node reports (host stats, background presence); unknown events are acknowledged. */
export const nodeEvent = defineMethod('node.event', {
  access: 'node',
  handle: (params, ctx) => ctx.nodes.handleEvent(ctx.session, params),
})
