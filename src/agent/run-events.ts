/**
 * The events one run emits (PROTOCOL.md §5.2), with the run's own `seq` shared by its `agent` and
 * `chat` events. Tool-stream `agent` events go only to the connection that started the run, and only
 * if it advertised the `tool-events` capability. Channel code can follow the same run through a
 * RunListener without touching the wire.
 * Live text is paced as the original paces it: a run's first piece goes out at once, and what arrives
 * within 75 ms of the last `agent`/`chat` text event is merged into the next one (sent when the 75 ms
 * are up, or before the run's next other event). A model streaming hundreds of tokens a second then
 * costs each connection about thirteen text events (an `agent` and a `chat` frame each) a second per
 * run, not one per token.
 */
import type { EventBus } from '../core/event-bus.ts'
import type { RunOutcome } from './run-types.ts'

/** The original's LIVE_TEXT_PACING_MS. */
const LIVE_TEXT_PACING_MS = 75

/** Streaming hooks for in-process callers (channel adapters editing a message as text arrives). */
export interface RunListener {
  onStart?(): void
  /** `text` is everything the run has said so far (all model rounds). */
  onText?(delta: string, text: string): void
  onToolStart?(name: string, args: Record<string, unknown>): void
  onToolResult?(name: string, text: string, isError: boolean): void
  onEnd?(outcome: RunOutcome): void
}

export interface RunEmitterOptions {
  events: EventBus
  runId: string
  sessionKey: string
  agentId: string
  /** The connection that gets tool-stream events (it advertised `tool-events`). */
  toolConnId?: string
  /** Heartbeat runs are marked and produce no `chat` events (WebChat does not show them). */
  isHeartbeat?: boolean
  listener?: RunListener
}

export function createRunEmitter(o: RunEmitterOptions) {
  let seq = 0
  // Tool events go only to the connection that asked for them (it advertised `tool-events`).
  const toolTarget = o.toolConnId ? new Set([o.toolConnId]) : undefined
  const agent = (stream: string, data: Record<string, unknown>, to?: ReadonlySet<string>) =>
    o.events.broadcast(
      'agent',
      { runId: o.runId, seq: ++seq, stream, ts: Date.now(), data, sessionKey: o.sessionKey, agentId: o.agentId, ...(o.isHeartbeat && { isHeartbeat: true }) },
      to ? { to } : undefined,
    )
  const chat = (state: string, fields: Record<string, unknown>) => {
    if (o.isHeartbeat) return
    o.events.broadcast('chat', { runId: o.runId, sessionKey: o.sessionKey, agentId: o.agentId, seq: ++seq, state, ...fields })
  }
  const display = (text: string) => ({ role: 'assistant', content: [{ type: 'text', text }], timestamp: Date.now() })

  /** Text not yet sent: deltas merged, texts the newest. */
  let held: { delta: string; roundText: string; runDelta: string; runText: string } | undefined
  let heldTimer: Timer | undefined
  let textSentAt = -Infinity
  const sendText = (t: NonNullable<typeof held>) => {
    textSentAt = Date.now()
    agent('assistant', { text: t.roundText, delta: t.delta })
    chat('delta', { message: display(t.runText), deltaText: t.runDelta })
  }
  /** Sends the held text now: its time is up, or another event must not overtake it. */
  const release = () => {
    if (!held) return
    clearTimeout(heldTimer)
    const t = held
    held = undefined
    sendText(t)
  }

  return {
    start(startedAt: number) {
      agent('lifecycle', { phase: 'start', startedAt })
      o.listener?.onStart?.()
    },
    /** `roundText` restarts with each model round (what openclaw-node expects); `runText` does not. */
    text(delta: string, roundText: string, runDelta: string, runText: string) {
      o.listener?.onText?.(runDelta, runText)
      if (held) {
        held = { delta: held.delta + delta, roundText, runDelta: held.runDelta + runDelta, runText }
        return
      }
      const wait = textSentAt + LIVE_TEXT_PACING_MS - Date.now()
      if (wait <= 0) return sendText({ delta, roundText, runDelta, runText })
      held = { delta, roundText, runDelta, runText }
      heldTimer = setTimeout(release, wait)
    },
    toolStart(name: string, toolCallId: string, args: Record<string, unknown>) {
      release()
      if (toolTarget) agent('tool', { phase: 'start', name, toolCallId, args }, toolTarget)
      o.listener?.onToolStart?.(name, args)
    },
    toolResult(name: string, toolCallId: string, text: string, isError: boolean) {
      release()
      if (toolTarget) agent('tool', { phase: 'result', name, toolCallId, result: { content: [{ type: 'text', text }] }, isError }, toolTarget)
      o.listener?.onToolResult?.(name, text, isError)
    },
    end(outcome: RunOutcome) {
      release()
      const { startedAt, endedAt, stopReason } = outcome
      if (outcome.status === 'error') {
        agent('lifecycle', { phase: 'error', startedAt, endedAt, error: outcome.error, ...(outcome.fallbacks && { fallbacks: outcome.fallbacks }) })
        chat('error', { errorMessage: outcome.error, errorKind: outcome.errorKind ?? 'unknown', ...(outcome.text && { message: display(outcome.text) }) })
      } else if (outcome.summary === 'aborted' || outcome.summary === 'timeout') {
        agent('lifecycle', { phase: 'end', startedAt, endedAt, aborted: true, stopReason })
        if (outcome.summary === 'timeout') chat('error', { errorMessage: 'the run timed out', errorKind: 'timeout', ...(outcome.text && { message: display(outcome.text) }) })
        else chat('aborted', { stopReason, ...(outcome.text && { message: display(outcome.text) }) })
      } else {
        agent('lifecycle', { phase: 'end', startedAt, endedAt, stopReason, model: outcome.model, ...(outcome.fallbacks && { fallbacks: outcome.fallbacks }) })
        chat('final', { message: display(outcome.text), stopReason, ...(outcome.usage && { usage: outcome.usage }) })
      }
      o.listener?.onEnd?.(outcome)
    },
  }
}

export type RunEmitter = ReturnType<typeof createRunEmitter>
