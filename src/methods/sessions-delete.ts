import { agentIdOf } from '../routing/session-keys.ts'
import { defineMethod } from './define-method.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/** Removes a session and its transcript (running runs are aborted first). */
export const sessionsDelete = defineMethod('sessions.delete', {
  access: 'operator.admin',
  handle(p, ctx) {
    const key = requestedSessionKey(ctx, p.key, p.agentId)
    ctx.agent.abort(key)
    const deleted = ctx.sessions.delete(key)
    if (deleted) ctx.sessionSubscriptions.publishChange({ sessionKey: key, agentId: agentIdOf(key), reason: 'delete', ts: Date.now() })
    return { ok: true as const, key, deleted }
  },
})
