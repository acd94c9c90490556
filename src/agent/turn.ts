/**
 * One agent turn: the user's message goes into the transcript, the model streams, tool calls run and
 * their results go back to the model, until it answers without tools (or the round cap is hit). Every
 * step is persisted as it completes, so an abort or a crash leaves a readable transcript.
 */
import { GatewayError } from '../protocol/index.ts'
import { atEndOfTask } from '../core/end-of-task.ts'
import type { ModelMessage, StreamEvent, Usage } from '../providers/index.ts'
import type { ModelChain } from './model-chain.ts'
import type { SessionStore } from '../store/session-store.ts'
import { storageFailure } from '../store/storage-errors.ts'
import type { RunEmitter } from './run-events.ts'
import type { RunOutcome, SteerSource } from './run-types.ts'
import { userModelMessage, type RunAttachment } from './attachments.ts'
import { runTool, type AgentTool, type ToolContext } from './tools/index.ts'
import { historyBudget, loadHistoryWindow } from './history-window.ts'
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
  provider: ModelChain
  /** The tools this agent is offered. */
  tools: readonly AgentTool[]
  sessions: SessionStore
  emit: RunEmitter
  signal: AbortSignal
  /** Why the signal fired, when it did: a client abort or the run's own timeout. */
  abortReason: () => 'aborted' | 'timeout' | undefined
  toolContext: Omit<ToolContext, 'runId' | 'sessionKey' | 'signal'>
  /** Earlier user turns the model sees (a channel's `dmHistoryLimit`); all when unset. */
  historyTurns?: number
  /**
   * The run's acceptance on disk (the commit holding its inbox row, and its message when it started at
   * once), then the answer to the request that started it. The turn emits nothing before it settles;
   * when that commit failed it rejects, and the turn throws its error having shown nothing (the run's
   * signal aborts the model request).
   */
  acknowledged?: Promise<unknown>
  /** Writes the run's records (usage, activity) once, as it ends and before its end event (run-records.ts). */
  record: (outcome: RunOutcome) => void
  /** Messages for the session that arrived meanwhile, taken in before the next model call. */
  steer?: SteerSource
}

/** What a tool call the model asked for gets when a steering message came first (the original's wording). */
const SKIPPED_FOR_STEER = 'Skipped to process an incoming message.'

/**
 * Starts an async iteration (its first `next()`) once the current task ends, so its work overlaps what
 * the caller awaits before reading it. Not at once: the task's writes (the run's inbox row and message)
 * are committed at the end of the same task (store/group-commit.ts), and that commit, queued first,
 * then starts its sync before the request is built and sent. The sync is the longer of the two waits
 * the run's first event has.
 */
function startAtEndOfTask<T>(source: () => AsyncIterable<T>): AsyncIterable<T> {
  let iterator: AsyncIterator<T> | undefined
  let first: Promise<IteratorResult<T>> | undefined = new Promise((resolve, reject) => atEndOfTask(() => {
    try {
      iterator = source()[Symbol.asyncIterator]()
      iterator.next().then(resolve, reject)
    } catch (err) {
      reject(err)
    }
  }))
  // Never read when the run is not accepted: its failure (the request cancelled) is expected, not unhandled.
  first.catch(() => {})
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const next = first ?? iterator!.next()
        first = undefined
        return next
      },
      return: (value?: unknown) => iterator?.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined }),
    }),
  }
}

function addUsage(a: Usage | undefined, b: Usage): Usage {
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0))
  const out: Usage = {}
  for (const k of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
    const v = sum(a?.[k], b[k])
    if (v !== undefined) out[k] = v
  }
  return out
}

export async function executeTurn(t: TurnInput): Promise<RunOutcome> {
  const startedAt = Date.now()
  const persist = (m: TranscriptMessage, fromInbox?: string) =>
    t.sessions.append(t.sessionId, { runId: t.runId, role: m.role, body: { ...m, runId: t.runId } }, fromInbox)
  const messages: ModelMessage[] = []

  let runText = ''
  let roundText = ''
  let stopReason = 'stop'
  // Summed over the run's model calls: each round is billed on its own.
  let usage: Usage | undefined
  const tools: Record<string, number> = {}
  let modelCalls = 0
  const base = { runId: t.runId, sessionKey: t.sessionKey, agentId: t.agentId, startedAt }
  let recorded = false
  /** The run's outcome, its records written (once per run: a final answer whose commit failed concludes again). */
  const conclude = (o: Omit<RunOutcome, keyof typeof base | 'endedAt' | 'text' | 'model'>): RunOutcome => {
    // The model that answered: a fallback when the ones before it failed.
    const fallbacks = t.provider.fallbacks.length > 0 ? { fallbacks: [...t.provider.fallbacks] } : {}
    const outcome: RunOutcome = { ...base, ...o, ...fallbacks, ...(usage && { usage }), modelCalls, tools, model: t.provider.label, text: runText, endedAt: Date.now() }
    if (!recorded) t.record(outcome)
    recorded = true
    return outcome
  }
  const finish = (o: Parameters<typeof conclude>[0]): RunOutcome => {
    const outcome = conclude(o)
    t.emit.end(outcome)
    return outcome
  }

  const request = () => t.provider.stream({ system: t.system, messages, tools: t.tools.map((tool) => tool.spec), signal: t.signal })
  // The turn's message and its first model request, before the run is acknowledged (see `acknowledged`). A
  // transcript that cannot be written (a full disk) ends the run with an error once it is.
  let firstRound: AsyncIterable<StreamEvent[]> | undefined
  let unwritten: { error: unknown } | undefined
  // Every batch the turn's writes joined, from its message to its final answer.
  const since = t.sessions.mark()
  try {
    const history = loadHistoryWindow(t.sessions, t.sessionId, historyBudget(t.provider, t.system, t.message), t.historyTurns)
    persist(userMessage(t.message, t.attachments), t.runId)
    messages.push(...toModelMessages(history), userModelMessage(t.message, t.attachments))
    firstRound = startAtEndOfTask(request)
  } catch (error) {
    unwritten = { error }
  }
  await t.acknowledged
  t.emit.start(startedAt)

  try {
    if (unwritten) throw unwritten.error
    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      // Steering lands at a model boundary: after the tool results, as user messages the model answers too.
      if (round > 0) {
        for (const text of t.steer?.take() ?? []) {
          persist(userMessage(text))
          messages.push(userModelMessage(text, []))
        }
      }
      roundText = ''
      modelCalls++
      const calls = []
      const separator = round > 0 && runText ? '\n\n' : ''
      for await (const batch of round === 0 ? firstRound! : request()) {
        // Text deltas that arrived together are one piece: one emit, so the run's first piece is all of
        // them. Tool calls and the end only take effect once the stream is over, so nothing reorders.
        let delta = ''
        for (const ev of batch) {
          if (ev.type === 'text') delta += ev.delta
          else if (ev.type === 'tool_call') calls.push(ev.call)
          else {
            stopReason = ev.stopReason
            if (ev.usage) usage = addUsage(usage, ev.usage)
          }
        }
        if (delta) {
          const runDelta = (roundText === '' ? separator : '') + delta
          roundText += delta
          runText += runDelta
          t.emit.text(delta, roundText, runDelta, runText)
        }
      }
      persist(assistantMessage(roundText, { toolCalls: calls, stopReason }))
      messages.push({ role: 'assistant', text: roundText, ...(calls.length > 0 && { toolCalls: calls }) })
      roundText = ''
      if (calls.length === 0) {
        const outcome = conclude({ status: 'ok', summary: 'completed', stopReason })
        // The final event promises the transcript (and the run's records): it goes out once every group
        // commit holding them is on disk. If one failed (a tool round's, or the last), the run ends with
        // the error; its records are not written again (conclude), so a commit that reached the WAL and
        // only failed to sync counts the usage once.
        await t.sessions.durableSince(since)
        t.emit.end(outcome)
        return outcome
      }
      for (const call of calls) {
        // A call not yet started when a steering message waits is skipped, paired with a result saying so,
        // so the model reconsiders with the message in view; one already running finishes.
        const skipped = t.steer?.waiting() === true
        if (!skipped) tools[call.name] = (tools[call.name] ?? 0) + 1
        t.emit.toolStart(call.name, call.id, call.args)
        const result = skipped ? { text: SKIPPED_FOR_STEER, isError: true } : await runTool(t.tools, call.name, call.args, { ...t.toolContext, runId: t.runId, sessionKey: t.sessionKey, signal: t.signal })
        t.emit.toolResult(call.name, call.id, result.text, result.isError)
        persist(toolResultMessage(call, result.text, result.isError))
        messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, text: result.text, isError: result.isError })
      }
    }
    return finish({ status: 'ok', summary: 'completed', stopReason: 'max_tool_rounds' })
  } catch (err) {
    if (roundText) {
      try {
        persist(assistantMessage(roundText, { stopReason: t.signal.aborted ? 'aborted' : 'error' }))
      } catch {
        // The failure being reported may be the disk itself; the partial text is still in the run's events.
      }
    }
    const reason = t.signal.aborted ? t.abortReason() : undefined
    if (reason) return finish({ status: 'timeout', summary: reason, stopReason: reason })
    const typed = storageFailure(err) ?? err
    const details = typed instanceof GatewayError ? (typed.details as { code?: string } | undefined) : undefined
    const code = details?.code
    const errorKind = code === 'PROVIDER_RATE_LIMITED' ? 'rate_limit' : code === 'PROVIDER_TIMEOUT' ? 'timeout' : 'unknown'
    const error = typed instanceof GatewayError ? typed.message : `the run failed: ${(err as Error).message}`
    return finish({ status: 'error', summary: 'failed', stopReason: 'error', error, errorKind, errorCode: code })
  }
}
