import { textOf, type TranscriptMessage } from '../agent/transcript.ts'
import { defineMethod } from './define-method.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/**
 * A transcript here never forks, so a session has one branch (the active one) once it has a message,
 * and none before. Not advertised: the Control UI asks for it anyway.
 */
export const sessionsBranchesList = defineMethod('sessions.branches.list', {
  access: 'operator.read',
  unadvertised: true,
  handle(p, ctx) {
    const session = ctx.sessions.get(requestedSessionKey(ctx, p.sessionKey, p.agentId))
    const leaf = session && session.messageCount > 0 ? ctx.sessions.at(session.sessionId, session.lastPos) : undefined
    if (!session || !leaf) return { branches: [] }
    const first = ctx.sessions.at(session.sessionId, session.firstPos)!.body as TranscriptMessage
    return {
      branches: [{
        leafEntryId: leaf.id, headline: textOf(first).slice(0, 200), messageCount: session.messageCount,
        updatedAt: new Date(session.updatedAt).toISOString(), active: true,
      }],
    }
  },
})
