import { defineMethod } from './define-method.ts'

export const systemPresence = defineMethod('system-presence', {
  access: 'operator.read',
  handle: (_params, ctx) => ctx.presence.list(),
})
