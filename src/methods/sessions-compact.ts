import { agentIdOf } from '../routing/session-keys.ts'
import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'
import { sessionRow } from './session-row.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/**
 * `maxLines`: cuts the transcript to its newest N messages at once (as the original, no backup is
 * kept); the cut rows are deleted in the background. The original's other mode, a model-written
 * summary, is not built here, so `maxLines` is required.
 */
export const sessionsCompact = defineMethod('sessions.compact', {
  access: 'operator.admin',
  handle(p, ctx) {
    if (p.maxLines === undefined) {
      throw new GatewayError('INVALID_REQUEST', 'sessions.compact needs maxLines here: summarizing a transcript with the model is not supported', { code: 'UNSUPPORTED' })
    }
    const key = requestedSessionKey(ctx, p.key, p.agentId)
    const before = ctx.sessions.get(key)
    if (!before) throw new GatewayError('INVALID_REQUEST', `no session ${key}`, { code: 'SESSION_NOT_FOUND' })
    const kept = ctx.sessions.trim(key, p.maxLines)!
    const compacted = kept < before.messageCount
    if (compacted) {
      ctx.sessionSubscriptions.publishChange({ sessionKey: key, agentId: agentIdOf(key), reason: 'compact', ts: Date.now(), session: sessionRow(ctx.sessions.get(key)!, ctx) })
      ctx.maintenance.schedule()
    }
    return { ok: true as const, key, compacted, kept }
  },
})
