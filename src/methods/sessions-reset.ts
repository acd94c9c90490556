import { agentIdOf, sessionKindOf } from '../routing/session-keys.ts'
import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'
import { sessionRow } from './session-row.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/** A fresh transcript under the same key (running runs are aborted first). */
export const sessionsReset = defineMethod('sessions.reset', {
  access: 'operator.admin',
  handle(p, ctx) {
    const key = requestedSessionKey(ctx, p.key, p.agentId)
    const current = ctx.sessions.ensure(key, { agentId: agentIdOf(key), kind: sessionKindOf(key) })
    if (p.expectedSessionId && p.expectedSessionId !== current.sessionId) {
      throw new GatewayError('INVALID_REQUEST', 'session changed since it was read', { code: 'SESSION_ID_MISMATCH', sessionId: current.sessionId })
    }
    ctx.agent.abort(key)
    const entry = ctx.sessions.reset(key)!
    const row = sessionRow(entry, ctx)
    ctx.sessionSubscriptions.publishChange({ sessionKey: key, agentId: entry.agentId, reason: 'reset', ts: Date.now(), session: row })
    return { ok: true as const, key, entry: row }
  },
})
