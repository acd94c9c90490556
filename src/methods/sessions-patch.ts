import { agentIdOf, sessionKindOf } from '../routing/session-keys.ts'
import { defineMethod } from './define-method.ts'
import { sessionRow } from './session-row.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/** Renames a session (`label`; null or empty clears it). The session is created if it does not exist yet. */
export const sessionsPatch = defineMethod('sessions.patch', {
  access: 'operator.write',
  handle(p, ctx) {
    const key = requestedSessionKey(ctx, p.key, p.agentId)
    ctx.sessions.ensure(key, { agentId: agentIdOf(key), kind: sessionKindOf(key) })
    const entry = p.label === undefined ? ctx.sessions.get(key)! : ctx.sessions.setLabel(key, p.label?.trim() || null)!
    const row = sessionRow(entry, ctx)
    ctx.sessionSubscriptions.publishChange({ sessionKey: key, agentId: entry.agentId, reason: 'patch', ts: Date.now(), session: row })
    return { ok: true as const, key, entry: row }
  },
})
