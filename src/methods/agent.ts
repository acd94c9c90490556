import { agentIdOf, canonicalSessionKey } from '../routing/session-keys.ts'
import { runFinalPayload } from '../agent/run-payloads.ts'
import { parseChatAttachments } from './chat-attachments.ts'
import { defineMethod } from './define-method.ts'

const RESET = /^\/(new|reset)(?:\s+([\s\S]*))?$/

/**
 * Two responses on one request id: the accepted ack at once, the final one when the run ends.
 * `/new` and `/reset` start a fresh transcript first (admin only, as in the original).
 */
export const agent = defineMethod('agent', {
  access: (p) => (RESET.test(p.message.trim()) ? 'operator.admin' : 'operator.write'),
  idempotent: {
    prefix: 'agent',
    duplicate: (p, ctx) => (ctx.agent.isActive(p.idempotencyKey) ? { runId: p.idempotencyKey, status: 'in_flight' as const } : undefined),
  },
  async handle(p, ctx) {
    const sessionKey = canonicalSessionKey(p.sessionKey, p.agentId)
    const attachments = parseChatAttachments(p.attachments)
    const reset = RESET.exec(p.message.trim())
    if (reset) ctx.sessions.reset(sessionKey)
    const message = reset ? (reset[2]?.trim() ?? '') : p.message
    const acceptedAt = Date.now()
    if (!message && !attachments) {
      ctx.respondEarly({ runId: p.idempotencyKey, sessionKey, agentId: agentIdOf(sessionKey), status: 'accepted', acceptedAt })
      return { runId: p.idempotencyKey, status: 'ok' as const, summary: 'completed', result: { payloads: [{ text: 'Started a new session.' }], meta: {} } }
    }
    const run = ctx.agent.start({
      runId: p.idempotencyKey, sessionKey, message, attachments, origin: 'agent', connId: ctx.session.connId,
      toolEvents: ctx.session.caps.includes('tool-events'), extraSystemPrompt: p.extraSystemPrompt,
      timeoutMs: p.timeout ? Math.round(p.timeout * 1000) : undefined, provider: p.provider, model: p.model, channel: p.channel,
    })
    ctx.respondEarly({ runId: run.runId, sessionKey: run.sessionKey, agentId: run.agentId, status: 'accepted', acceptedAt: run.acceptedAt })
    return runFinalPayload(await run.done)
  },
})
