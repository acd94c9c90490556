import { defineMethod } from './define-method.ts'

/** Paired devices approved for the node role, and pending requests that ask for it. */
export const nodePairList = defineMethod('node.pair.list', {
  access: 'operator.pairing',
  handle(_params, ctx) {
    const paired = ctx.pairing.listDevices().filter((d) => d.roles.includes('node'))
    const pending = ctx.pairing.listPending().filter((r) => r.role === 'node' || r.roles?.includes('node'))
    return { pending, paired }
  },
})
