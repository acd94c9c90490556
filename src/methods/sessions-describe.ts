import { defineMethod } from './define-method.ts'
import { sessionRow } from './session-row.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/** One session's row by exact key; `session: null` when no such session exists yet. */
export const sessionsDescribe = defineMethod('sessions.describe', {
  access: 'operator.read',
  handle(p, ctx) {
    const session = ctx.sessions.get(requestedSessionKey(ctx, p.key, p.agentId))
    return { session: session ? sessionRow(session, ctx, { lastMessage: true }) : null }
  },
})
