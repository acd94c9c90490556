import { defineMethod } from './define-method.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/**
 * `session.message` for each message committed to this session's transcript, until unsubscribed or
 * disconnected. `includeApprovals` asks for approval events too; this gateway has none for sessions.
 */
export const sessionsMessagesSubscribe = defineMethod('sessions.messages.subscribe', {
  access: 'operator.read',
  handle(p, ctx) {
    const key = requestedSessionKey(ctx, p.key, p.agentId)
    ctx.sessionSubscriptions.subscribeMessages(ctx.session.connId, key)
    return { subscribed: true as const, key }
  },
})

export const sessionsMessagesUnsubscribe = defineMethod('sessions.messages.unsubscribe', {
  access: 'operator.read',
  handle(p, ctx) {
    const key = requestedSessionKey(ctx, p.key, p.agentId)
    ctx.sessionSubscriptions.unsubscribeMessages(ctx.session.connId, key)
    return { subscribed: false as const, key }
  },
})
