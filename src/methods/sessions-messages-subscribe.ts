import { canonicalSessionKey } from '../routing/session-keys.ts'
import { defineMethod } from './define-method.ts'

/**
 * `session.message` for each message committed to this session's transcript, until unsubscribed or
 * disconnected. `includeApprovals` asks for approval events too; this gateway has none for sessions.
 */
export const sessionsMessagesSubscribe = defineMethod('sessions.messages.subscribe', {
  access: 'operator.read',
  handle(p, ctx) {
    const key = canonicalSessionKey(p.key, p.agentId)
    ctx.sessionSubscriptions.subscribeMessages(ctx.session.connId, key)
    return { subscribed: true as const, key }
  },
})

export const sessionsMessagesUnsubscribe = defineMethod('sessions.messages.unsubscribe', {
  access: 'operator.read',
  handle(p, ctx) {
    const key = canonicalSessionKey(p.key, p.agentId)
    ctx.sessionSubscriptions.unsubscribeMessages(ctx.session.connId, key)
    return { subscribed: false as const, key }
  },
})
