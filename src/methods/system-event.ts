import { defineMethod } from './define-method.ts'

/** A client reports its own state (e.g. a desktop app's idle time); updates presence and tells operators. */
export const systemEvent = defineMethod('system-event', {
  access: 'operator.admin',
  idempotent: { prefix: 'system-event' },
  handle(params, ctx) {
    const { text, idempotencyKey: _key, sessionKey: _session, wake: _wake, ...fields } = params
    const key = params.deviceId ?? params.instanceId ?? ctx.session.connId
    ctx.presence.upsert(key, { ...fields, text, reason: params.reason ?? 'system-event' })
    ctx.presence.publish()
    return { ok: true as const }
  },
})
