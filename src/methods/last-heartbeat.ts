import { defineMethod } from './define-method.ts'

export const lastHeartbeat = defineMethod('last-heartbeat', {
  access: 'operator.read',
  handle: (_params, ctx) => (ctx.heartbeats.last as never) ?? null,
})
