import { defineMethod } from './define-method.ts'

export const setHeartbeats = defineMethod('set-heartbeats', {
  access: 'operator.admin',
  handle({ enabled }, ctx) {
    ctx.heartbeats.enabled = enabled
    return { ok: true as const, enabled }
  },
})
