import { agentIdOf } from '../routing/session-keys.ts'
import { parseChatAttachments } from './chat-attachments.ts'
import { defineMethod } from './define-method.ts'
import { commandAccess, operatorSender } from './operator-commands.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/**
 * Starts a run and answers at once; progress arrives as `chat` (and `agent`) events. A chat command
 * (`/status`, `/stop`, `/model`…) is answered by the gateway as a `chat` final event on the same run
 * id, without a model turn. The original requires `idempotencyKey`; openclaw-node omits it, so a
 * missing key is generated.
 */
export const chatSend = defineMethod('chat.send', {
  access: (p) => commandAccess(p.message),
  idempotent: {
    prefix: 'chat',
    duplicate(p, ctx) {
      const runId = p.idempotencyKey!
      if (ctx.agent.isActive(runId)) return { runId, status: 'in_flight' as const }
      return ctx.agent.finished(runId) ? { runId, status: 'ok' as const } : undefined
    },
  },
  handle(p, ctx) {
    const runId = p.idempotencyKey ?? crypto.randomUUID()
    const sessionKey = requestedSessionKey(ctx, p.sessionKey, p.agentId)
    const command = ctx.commands.handle(p.message, { sessionKey, channel: 'webchat', sender: operatorSender(ctx.session) })
    if (command?.reply) {
      const message = { role: 'assistant', content: [{ type: 'text', text: command.reply }], timestamp: Date.now() }
      ctx.events.broadcast('chat', { runId, sessionKey, agentId: agentIdOf(sessionKey), seq: 1, state: 'final', message })
    }
    if (command && !command.then) return { runId, status: 'started' as const }
    // `queueMode: "interrupt"` aborts the session's current run; this one starts once it has stopped (a
    // session runs one at a time). The other modes wait behind it: a `chat.send` is not steered into a run here.
    const [current] = p.queueMode === 'interrupt' ? ctx.agent.activeRunIds(sessionKey) : []
    const interrupted = current !== undefined && ctx.agent.abort(sessionKey, current).length > 0
    const run = ctx.agent.start({
      runId,
      sessionKey,
      message: command?.then ?? p.message,
      attachments: parseChatAttachments(p.attachments),
      origin: 'chat',
      connId: ctx.session.connId,
      toolEvents: ctx.session.caps.includes('tool-events'),
      timeoutMs: p.timeoutMs || undefined,
      answered: ctx.answered,
    })
    return { runId: run.runId, status: 'started' as const, ...(interrupted && { interruptedActiveRun: true }) }
  },
})
