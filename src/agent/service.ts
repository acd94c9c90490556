/**
 * The agent service: accepts runs, keeps one run at a time per session (later ones wait in order),
 * aborts and times them out, remembers recent outcomes for `agent.wait`, and offers channel code
 * one call, `runTurn`, for a whole inbound-message → reply exchange.
 */
import type { GatewaySettings } from '../config/settings.ts'
import type { EventBus } from '../methods/context.ts'
import { GatewayError } from '../protocol/index.ts'
import { createModelProvider, type ModelProvider } from '../providers/index.ts'
import type { SessionStore } from '../store/session-store.ts'
import { withoutData, type RunAttachment } from './attachments.ts'
import type { AgentPorts } from './ports.ts'
import { createRunEmitter, type RunListener } from './run-events.ts'
import type { RunHandle, RunOutcome, RunRequest } from './run-types.ts'
import { agentIdOf, canonicalSessionKey, sessionKindOf } from './session-keys.ts'
import { buildSystemPrompt } from './system-prompt.ts'
import { executeTurn } from './turn.ts'

/** Finished runs remembered for `agent.wait` and duplicate detection. */
const FINISHED_KEPT = 1000

interface LiveRun {
  handle: RunHandle
  controller: AbortController
  abortReason?: 'aborted' | 'timeout'
}

/** What channel routing hands the agent for one inbound message. */
export interface TurnInput {
  sessionKey: string
  message: string
  attachments?: RunAttachment[]
  channel?: string
  to?: string
  accountId?: string
  senderName?: string
  /** Defaults to a fresh id; pass the channel's message id to make redelivery harmless. */
  runId?: string
  listener?: RunListener
}

/** Runs acknowledged to a WebSocket client; channel, heartbeat and cron runs have their own retry paths. */
const DURABLE_ORIGINS = new Set<RunRequest['origin']>(['agent', 'chat'])

export function createAgentService(deps: { settings: GatewaySettings; sessions: SessionStore; events: EventBus; ports: AgentPorts }) {
  const agentSettings = deps.settings.agent
  const defaultProvider = createModelProvider(agentSettings.primary, { configPath: deps.settings.configPath, problem: agentSettings.problem })
  const live = new Map<string, LiveRun>()
  const finished = new Map<string, RunOutcome>()
  const waiters = new Map<string, Set<(o: RunOutcome) => void>>()
  const queues = new Map<string, Promise<unknown>>()
  const settledListeners = new Set<(outcome: RunOutcome) => void>()

  function pickProvider(req: RunRequest): ModelProvider {
    if (!req.provider && !req.model) return defaultProvider
    const providerId = req.provider ?? agentSettings.primary?.provider.id
    const provider = providerId ? agentSettings.providers[providerId] : undefined
    if (!provider) throw new GatewayError('INVALID_REQUEST', `unknown model provider: ${req.provider ?? '(none configured)'}`)
    return createModelProvider({ provider, model: req.model ?? agentSettings.primary?.model ?? provider.models[0] ?? '' }, { configPath: deps.settings.configPath })
  }

  function settle(outcome: RunOutcome): void {
    live.delete(outcome.runId)
    finished.set(outcome.runId, outcome)
    if (finished.size > FINISHED_KEPT) finished.delete(finished.keys().next().value!)
    for (const resolve of waiters.get(outcome.runId) ?? []) resolve(outcome)
    waiters.delete(outcome.runId)
    for (const listener of settledListeners) listener(outcome)
  }

  function start(req: RunRequest): RunHandle {
    const sessionKey = canonicalSessionKey(req.sessionKey)
    const agentId = agentIdOf(sessionKey)
    const existing = live.get(req.runId)
    if (existing) return existing.handle
    const provider = pickProvider(req)
    const controller = new AbortController()
    const acceptedAt = Date.now()
    const run: LiveRun = { controller, handle: { runId: req.runId, sessionKey, agentId, acceptedAt, done: undefined! } }
    const emit = createRunEmitter({
      events: deps.events, runId: req.runId, sessionKey, agentId, listener: req.listener,
      toolConnId: req.toolEvents ? req.connId : undefined, isHeartbeat: req.origin === 'heartbeat',
    })
    const execute = async (): Promise<RunOutcome> => {
      const session = deps.sessions.ensure(sessionKey, { agentId, kind: sessionKindOf(sessionKey), channel: req.channel })
      const timeoutMs = req.timeoutMs ?? agentSettings.runTimeoutMs
      const timer = setTimeout(() => abortRun(run, 'timeout'), timeoutMs)
      try {
        return await executeTurn({
          runId: req.runId, sessionKey, agentId, sessionId: session.sessionId, message: req.message, attachments: req.attachments ?? [],
          system: buildSystemPrompt({ now: new Date(), channel: req.channel, senderName: req.senderName, extra: req.extraSystemPrompt, hasTools: true }),
          provider, sessions: deps.sessions, emit, signal: controller.signal, abortReason: () => run.abortReason,
          toolContext: { stateDir: deps.settings.stateDir, ports: deps.ports },
        })
      } finally {
        clearTimeout(timer)
      }
    }
    // One run at a time per session: chain onto the session's tail; a run aborted while queued ends at once.
    const previous = queues.get(sessionKey) ?? Promise.resolve()
    const done = previous.then(() => {
      if (controller.signal.aborted) {
        deps.sessions.dropPendingRun(req.runId)
        return abortedBeforeStart(run, provider.label)
      }
      return execute()
    })
    run.handle.done = done.then((outcome) => (settle(outcome), outcome))
    queues.set(sessionKey, run.handle.done)
    void run.handle.done.then(() => {
      if (queues.get(sessionKey) === run.handle.done) queues.delete(sessionKey)
    })
    live.set(req.runId, run)
    if (DURABLE_ORIGINS.has(req.origin)) {
      // On disk before the client hears "accepted": a crash while it waits does not lose it. Image
      // bytes (megabytes of base64) stay out of the database; a recovered run says they were attached.
      const { listener: _l, connId: _c, toolEvents: _t, ...durable } = req
      deps.sessions.addPendingRun(req.runId, sessionKey, { ...durable, ...(req.attachments && { attachments: withoutData(req.attachments) }) })
    }
    return run.handle
  }

  /** Starts again, in order, the runs that were accepted but had not started when the gateway stopped. */
  function recoverPending(): number {
    const pending = deps.sessions.pendingRuns()
    for (const { request } of pending) start(request as RunRequest)
    return pending.length
  }

  function abortedBeforeStart(run: LiveRun, model: string): RunOutcome {
    const now = Date.now()
    const reason = run.abortReason ?? 'aborted'
    const outcome: RunOutcome = {
      runId: run.handle.runId, sessionKey: run.handle.sessionKey, agentId: run.handle.agentId, status: 'timeout', summary: reason,
      text: '', stopReason: reason, model, startedAt: now, endedAt: now,
    }
    deps.events.broadcast('chat', { runId: outcome.runId, sessionKey: outcome.sessionKey, agentId: outcome.agentId, seq: 1, state: 'aborted', stopReason: reason })
    return outcome
  }

  function abortRun(run: LiveRun, reason: 'aborted' | 'timeout'): void {
    if (run.controller.signal.aborted) return
    run.abortReason = reason
    run.controller.abort(new DOMException(`run ${reason}`, 'AbortError'))
  }

  return {
    start,
    recoverPending,
    get modelLabel() {
      return defaultProvider.label
    },
    isActive: (runId: string) => live.has(runId),
    /** The runs of a session that are running now, in start order. */
    activeRunIds: (sessionKey: string): string[] => [...live.values()].filter((r) => r.handle.sessionKey === sessionKey).map((r) => r.handle.runId),
    finished: (runId: string) => finished.get(runId),
    /** Called after each run ends (its session is no longer busy with it). */
    onSettled: (listener: (outcome: RunOutcome) => void) => void settledListeners.add(listener),
    /** The outcome once the run ends, or undefined after `timeoutMs` (also for a run not yet known). */
    wait(runId: string, timeoutMs: number): Promise<RunOutcome | undefined> {
      const done = finished.get(runId)
      if (done) return Promise.resolve(done)
      return new Promise((resolve) => {
        const set = waiters.get(runId) ?? new Set()
        const timer = setTimeout(() => {
          set.delete(onDone)
          resolve(undefined)
        }, timeoutMs)
        const onDone = (o: RunOutcome) => {
          clearTimeout(timer)
          resolve(o)
        }
        set.add(onDone)
        waiters.set(runId, set)
      })
    },
    /** Aborts one run, or every running and queued run of the session; returns the ids aborted. */
    abort(sessionKey: string, runId?: string): string[] {
      const key = canonicalSessionKey(sessionKey)
      const hit = [...live.values()].filter((r) => r.handle.sessionKey === key && (!runId || r.handle.runId === runId))
      for (const r of hit) abortRun(r, 'aborted')
      return hit.map((r) => r.handle.runId)
    },
    sessionBusy: (sessionKey: string) => queues.has(canonicalSessionKey(sessionKey)),
    /**
     * One inbound channel message → one reply. Resolves when the run ends; rejects with a GatewayError
     * when the run failed, so the caller can tell the sender something went wrong.
     * @example const { text } = await services.agent.runTurn({ sessionKey, message, channel: 'telegram', to: chatId })
     */
    async runTurn(input: TurnInput): Promise<{ text: string; runId: string; outcome: RunOutcome }> {
      const handle = start({
        runId: input.runId ?? crypto.randomUUID(), sessionKey: input.sessionKey, message: input.message, attachments: input.attachments, origin: 'channel',
        channel: input.channel, to: input.to, accountId: input.accountId, senderName: input.senderName, listener: input.listener,
      })
      const outcome = await handle.done
      if (outcome.status === 'error') throw new GatewayError('UNAVAILABLE', outcome.error ?? 'the agent run failed', { code: outcome.errorCode ?? 'AGENT_RUN_FAILED', runId: outcome.runId })
      return { text: outcome.text, runId: outcome.runId, outcome }
    },
    /** Stops every run (gateway shutdown). */
    stop(): void {
      for (const r of live.values()) abortRun(r, 'aborted')
    },
  }
}

export type AgentService = ReturnType<typeof createAgentService>
