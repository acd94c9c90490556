import { canonicalSessionKey } from '../routing/session-keys.ts'
import { parseChatAttachments } from './chat-attachments.ts'
import { defineMethod } from './define-method.ts'

/**
 * Starts a run and answers at once; progress arrives as `chat` (and `agent`) events. The original
 * requires `idempotencyKey`; openclaw-node omits it, so a missing key is generated.
 */
export const chatSend = defineMethod('chat.send', {
  access: 'operator.write',
  idempotent: {
    prefix: 'chat',
    duplicate(p, ctx) {
      const runId = p.idempotencyKey!
      if (ctx.agent.isActive(runId)) return { runId, status: 'in_flight' as const }
      return ctx.agent.finished(runId) ? { runId, status: 'ok' as const } : undefined
    },
  },
  handle(p, ctx) {
    const attachments = parseChatAttachments(p.attachments)
    const run = ctx.agent.start({
      runId: p.idempotencyKey ?? crypto.randomUUID(),
      sessionKey: canonicalSessionKey(p.sessionKey, p.agentId),
      message: p.message,
      attachments,
      origin: 'chat',
      connId: ctx.session.connId,
      toolEvents: ctx.session.caps.includes('tool-events'),
      timeoutMs: p.timeoutMs || undefined,
    })
    return { runId: run.runId, status: 'started' as const }
  },
})
