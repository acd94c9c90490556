/**
 * One agent turn: the user's message goes into the transcript, the model streams, tool calls run and
 * their results go back to the model, until it answers without tools (or the round cap is hit). Every
 * step is persisted as it completes, so an abort or a crash leaves a readable transcript.
 */
import { GatewayError } from '../protocol/index.ts'
import type { ModelMessage, ModelProvider, Usage } from '../providers/index.ts'
import type { SessionStore } from '../store/session-store.ts'
import type { RunEmitter } from './run-events.ts'
import type { RunOutcome } from './run-types.ts'
import { userModelMessage, type RunAttachment } from './attachments.ts'
import { AGENT_TOOLS, runTool, type ToolContext } from './tools/index.ts'
import { assistantMessage, toModelMessages, toolResultMessage, userMessage, type TranscriptMessage } from './transcript.ts'

/** Model calls per turn; a model that keeps calling tools is stopped here. */
const MAX_TOOL_ROUNDS = 8

export interface TurnInput {
  runId: string
  sessionKey: string
  agentId: string
  sessionId: string
  message: string
  attachments: RunAttachment[]
  system: string
  provider: ModelProvider
  sessions: SessionStore
  emit: RunEmitter
  signal: AbortSignal
  /** Why the signal fired, when it did: a client abort or the run's own timeout. */
  abortReason: () => 'aborted' | 'timeout' | undefined
  toolContext: Omit<ToolContext, 'runId' | 'sessionKey' | 'signal'>
}

export async function executeTurn(t: TurnInput): Promise<RunOutcome> {
  const startedAt = Date.now()
  const history = t.sessions.page(t.sessionId, 200, 0).map((m) => m.body as TranscriptMessage)
  const persist = (m: TranscriptMessage, fromInbox?: string) =>
    t.sessions.append(t.sessionId, { runId: t.runId, role: m.role, body: { ...m, runId: t.runId } }, fromInbox)
  persist(userMessage(t.message, t.attachments), t.runId)
  const messages: ModelMessage[] = [...toModelMessages(history), userModelMessage(t.message, t.attachments)]
  t.emit.start(startedAt)

  let runText = ''
  let roundText = ''
  let stopReason = 'stop'
  let usage: Usage | undefined
  const base = { runId: t.runId, sessionKey: t.sessionKey, agentId: t.agentId, model: t.provider.label, startedAt }
  const finish = (o: Omit<RunOutcome, keyof typeof base | 'endedAt' | 'text'>): RunOutcome => {
    const outcome: RunOutcome = { ...base, ...o, text: runText, endedAt: Date.now() }
    t.emit.end(outcome)
    return outcome
  }

  try {
    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      roundText = ''
      const calls = []
      const separator = round > 0 && runText ? '\n\n' : ''
      for await (const ev of t.provider.stream({ system: t.system, messages, tools: AGENT_TOOLS.map((tool) => tool.spec), signal: t.signal })) {
        if (ev.type === 'text') {
          const runDelta = (roundText === '' ? separator : '') + ev.delta
          roundText += ev.delta
          runText += runDelta
          t.emit.text(ev.delta, roundText, runDelta, runText)
        } else if (ev.type === 'tool_call') calls.push(ev.call)
        else {
          stopReason = ev.stopReason
          usage = ev.usage
        }
      }
      persist(assistantMessage(roundText, { toolCalls: calls, stopReason }))
      messages.push({ role: 'assistant', text: roundText, ...(calls.length > 0 && { toolCalls: calls }) })
      roundText = ''
      if (calls.length === 0) return finish({ status: 'ok', summary: 'completed', stopReason, usage })
      for (const call of calls) {
        t.emit.toolStart(call.name, call.id, call.args)
        const result = await runTool(call.name, call.args, { ...t.toolContext, runId: t.runId, sessionKey: t.sessionKey, signal: t.signal })
        t.emit.toolResult(call.name, call.id, result.text, result.isError)
        persist(toolResultMessage(call, result.text, result.isError))
        messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, text: result.text, isError: result.isError })
      }
    }
    return finish({ status: 'ok', summary: 'completed', stopReason: 'max_tool_rounds', usage })
  } catch (err) {
    if (roundText) persist(assistantMessage(roundText, { stopReason: t.signal.aborted ? 'aborted' : 'error' }))
    const reason = t.signal.aborted ? t.abortReason() : undefined
    if (reason) return finish({ status: 'timeout', summary: reason, stopReason: reason })
    const details = err instanceof GatewayError ? (err.details as { code?: string } | undefined) : undefined
    const code = details?.code
    const errorKind = code === 'PROVIDER_RATE_LIMITED' ? 'rate_limit' : code === 'PROVIDER_TIMEOUT' ? 'timeout' : 'unknown'
    const error = err instanceof GatewayError ? err.message : `the run failed: ${(err as Error).message}`
    return finish({ status: 'error', summary: 'failed', stopReason: 'error', error, errorKind, errorCode: code })
  }
}
