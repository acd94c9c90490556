import { agentIdOf, sessionKindOf } from '../routing/session-keys.ts'
import { assistantMessage } from '../agent/transcript.ts'
import { defineMethod } from './define-method.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/** Adds an operator-written assistant message to a transcript and shows it to chat clients. Not advertised. */
export const chatInject = defineMethod('chat.inject', {
  access: 'operator.admin',
  unadvertised: true,
  handle(p, ctx) {
    const sessionKey = requestedSessionKey(ctx, p.sessionKey, p.agentId)
    const session = ctx.sessions.ensure(sessionKey, { agentId: agentIdOf(sessionKey), kind: sessionKindOf(sessionKey) })
    const message = assistantMessage(p.message, { label: p.label, stopReason: 'injected' })
    const stored = ctx.sessions.append(session.sessionId, { role: 'assistant', body: message })
    ctx.events.broadcast('chat', { runId: `inject-${stored.id}`, sessionKey, seq: 0, state: 'final', message })
    return { ok: true as const, messageId: stored.id }
  },
})
