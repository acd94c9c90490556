import { defineMethod } from './define-method.ts'
import { listSessions } from './sessions-list.ts'

/**
 * `sessions.changed` for this connection from now on; with `sessions.list` params it also answers the
 * first list, read after the subscription starts so no change falls between the two.
 */
export const sessionsSubscribe = defineMethod('sessions.subscribe', {
  access: 'operator.read',
  handle(p, ctx) {
    ctx.sessionSubscriptions.subscribeChanges(ctx.session.connId)
    return Object.keys(p).length === 0 ? { subscribed: true as const } : { subscribed: true as const, list: listSessions(p, ctx) }
  },
})

export const sessionsUnsubscribe = defineMethod('sessions.unsubscribe', {
  access: 'operator.read',
  handle(_p, ctx) {
    ctx.sessionSubscriptions.unsubscribeChanges(ctx.session.connId)
    return { subscribed: false as const }
  },
})
