import { agentIdOf } from '../routing/session-keys.ts'
import { runFinalPayload } from '../agent/run-payloads.ts'
import { parseChatAttachments } from './chat-attachments.ts'
import { defineMethod } from './define-method.ts'
import { commandAccess, operatorSender } from './operator-commands.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/**
 * Two responses on one request id: the accepted ack at once, the final one when the run ends. A chat
 * command (`/new`, `/status`, `/model`…) is answered by the gateway as the final payload; text after
 * `/new` or `/reset` becomes the fresh session's first message (resets need operator.admin).
 */
export const agent = defineMethod('agent', {
  access: (p) => commandAccess(p.message),
  idempotent: {
    prefix: 'agent',
    duplicate: (p, ctx) => (ctx.agent.isActive(p.idempotencyKey) ? { runId: p.idempotencyKey, status: 'in_flight' as const } : undefined),
  },
  async handle(p, ctx) {
    const sessionKey = requestedSessionKey(ctx, p.sessionKey, p.agentId)
    const attachments = parseChatAttachments(p.attachments)
    const command = ctx.commands.handle(p.message, { sessionKey, channel: p.channel ?? 'webchat', sender: operatorSender(ctx.session) })
    const message = command ? (command.then ?? '') : p.message
    if (command && !message && !attachments) {
      ctx.respondEarly({ runId: p.idempotencyKey, sessionKey, agentId: agentIdOf(sessionKey), status: 'accepted', acceptedAt: Date.now() })
      return { runId: p.idempotencyKey, status: 'ok' as const, summary: 'completed', result: { payloads: command.reply ? [{ text: command.reply }] : [], meta: {} } }
    }
    const run = ctx.agent.start({
      runId: p.idempotencyKey, sessionKey, message, attachments, origin: 'agent', connId: ctx.session.connId,
      toolEvents: ctx.session.caps.includes('tool-events'), extraSystemPrompt: p.extraSystemPrompt,
      timeoutMs: p.timeout ? Math.round(p.timeout * 1000) : undefined, provider: p.provider, model: p.model, channel: p.channel,
      answered: ctx.answered,
    })
    ctx.respondEarly({ runId: run.runId, sessionKey: run.sessionKey, agentId: run.agentId, status: 'accepted', acceptedAt: run.acceptedAt })
    return runFinalPayload(await run.done)
  },
})
