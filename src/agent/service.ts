/**
 * The agent service: accepts runs, keeps one run at a time per session (later ones wait in order),
 * aborts and times them out, remembers recent outcomes for `agent.wait`, and offers channel code
 * one call, `runTurn`, for a whole inbound-message → reply exchange.
 */
import { join } from 'node:path'
import type { AgentProfile } from '../config/agent-roster.ts'
import { chooseModel, modelRef, type ModelChoice } from '../config/agent-settings.ts'
import type { LiveSettings } from '../config/live-settings.ts'
import type { EventBus } from '../core/event-bus.ts'
import { logger } from '../log.ts'
import { GatewayError } from '../protocol/index.ts'
import { createModelProvider } from '../providers/index.ts'
import type { SessionStateStore } from '../store/session-state-store.ts'
import type { SessionStore } from '../store/session-store.ts'
import type { UsageStore } from '../store/usage-store.ts'
import { storageFailure } from '../store/storage-errors.ts'
import { withoutData, type RunAttachment } from './attachments.ts'
import { createModelChain, type ModelChain } from './model-chain.ts'
import type { AgentPorts } from './ports.ts'
import { createRunEmitter, type RunEmitter, type RunListener } from './run-events.ts'
import type { RunHandle, RunOutcome, RunRequest, SteerSource } from './run-types.ts'
import { agentIdOf, canonicalSessionKey, mainSessionKey, sessionKindOf } from '../routing/session-keys.ts'
import { buildSystemPrompt } from './system-prompt.ts'
import { toolsFor } from './tools/index.ts'
import { recordInteraction, recordRunEnd } from './run-records.ts'
import { executeTurn } from './turn.ts'
import { workspaceDir, workspacePrompt } from './workspace.ts'

const runLog = logger('agent')

/** Finished runs remembered for `agent.wait` and duplicate detection. */
const FINISHED_KEPT = 1000

interface LiveRun {
  handle: RunHandle
  controller: AbortController
  abortReason?: 'aborted' | 'timeout'
  /** Out of its session's queue and talking to the model. */
  started?: boolean
  /** Its inbox row's commit failed: it was never accepted, so it is not remembered as a finished run either. */
  unaccepted?: boolean
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
  historyTurns?: number
  /** Defaults to a fresh id; pass the channel's message id to make redelivery harmless. */
  runId?: string
  /** A second attempt at `runId` (after a crash): what the first one wrote to the transcript is dropped first. */
  retry?: boolean
  listener?: RunListener
  /** Messages taken in at the run's next model call (`messages.queue.mode: "steer"`). */
  steer?: SteerSource
}

/** Runs acknowledged to a WebSocket client; channel, heartbeat and cron runs have their own retry paths. */
const DURABLE_ORIGINS = new Set<RunRequest['origin']>(['agent', 'chat'])

export function createAgentService(deps: {
  /** Read at each run: an edited config applies to the next turn. */
  live: LiveSettings
  sessions: SessionStore
  sessionState: SessionStateStore
  /** Each run's token usage, for `sessions.usage` and the cron run log. */
  usage: UsageStore
  events: EventBus
  ports: AgentPorts
}) {
  const live = new Map<string, LiveRun>()
  /** Session key → its live runs in start order: a session's runs are read per message it commits (sessionRow), never by scanning them all. */
  const liveBySession = new Map<string, Map<string, LiveRun>>()
  const finished = new Map<string, RunOutcome>()
  const waiters = new Map<string, Set<(o: RunOutcome) => void>>()
  const queues = new Map<string, Promise<unknown>>()
  const settledListeners = new Set<(outcome: RunOutcome) => void>()

  /** A bare key ("main") is the configured default agent's. */
  const canonical = (sessionKey: string) => canonicalSessionKey(sessionKey, deps.live.current.agent.defaultAgentId)

  /** Settings are read at each run, so an edited config applies to the next turn. */
  function profileOf(agentId: string): AgentProfile {
    const profile = deps.live.current.agent.agents.find((a) => a.id === agentId)
    if (!profile) throw new GatewayError('INVALID_REQUEST', `unknown agent id: ${agentId}`, { code: 'UNKNOWN_AGENT' })
    return profile
  }

  /** An explicit per-run model, else the session's `/model` choice, else the agent's model; each with the agent's fallbacks. */
  function modelChoices(req: RunRequest, profile: AgentProfile, sessionKey: string): ModelChoice[] {
    const { providers } = deps.live.current.agent
    if (req.provider || req.model) {
      const providerId = req.provider ?? profile.primary?.provider.id
      const provider = providerId ? providers[providerId] : undefined
      if (!provider) throw new GatewayError('INVALID_REQUEST', `unknown model provider: ${req.provider ?? '(none configured)'}`)
      return [{ provider, model: req.model ?? profile.primary?.model ?? provider.models[0] ?? '' }]
    }
    const pinned = deps.sessionState.get(sessionKey).model
    const chosen = pinned ? chooseModel(pinned, providers).primary : undefined
    const first = chosen ?? profile.primary
    if (!first) return []
    const same = (c: ModelChoice) => c.provider.id === first.provider.id && c.model === first.model
    return [first, ...profile.fallbacks.filter((c) => !same(c))]
  }

  function modelChain(req: RunRequest, profile: AgentProfile, sessionKey: string): ModelChain {
    const choices = modelChoices(req, profile, sessionKey)
    const { configPath } = deps.live.current
    if (choices.length === 0) return createModelChain([undefined as never], () => createModelProvider(undefined, { configPath, problem: profile.problem }))
    return createModelChain(choices, (c) => createModelProvider(c, { configPath }))
  }

  /** The model a session's next run starts with: `<provider>/<model>`, or `offline`. */
  function sessionModel(sessionKey: string): string {
    const profile = profileOf(agentIdOf(sessionKey))
    const first = modelChoices({ runId: '', sessionKey, message: '', origin: 'agent' }, profile, sessionKey)[0]
    return first ? modelRef(first) : 'offline'
  }

  function systemPrompt(req: RunRequest, profile: AgentProfile, sessionKey: string, hasTools: boolean): string {
    const isDefault = profile.id === deps.live.current.agent.defaultAgentId
    const workspace = workspacePrompt(workspaceDir(deps.live.current.stateDir, profile, isDefault), { mainSession: sessionKey === mainSessionKey(profile.id) })
    return buildSystemPrompt({ now: new Date(), name: profile.name, channel: req.channel, senderName: req.senderName, extra: req.extraSystemPrompt, hasTools, workspace })
  }

  /** The default agent draws on the canvas the gateway serves; any other agent inside its own workspace. */
  function canvasDir(profile: AgentProfile): string {
    const isDefault = profile.id === deps.live.current.agent.defaultAgentId
    return isDefault ? join(deps.live.current.stateDir, 'canvas') : join(workspaceDir(deps.live.current.stateDir, profile, false), 'canvas')
  }

  function settle(outcome: RunOutcome): void {
    // The client sees the failure in its answer; the operator reading the gateway's log sees it here.
    if (outcome.status === 'error') {
      runLog.warn(`run ${outcome.runId} (${outcome.sessionKey}, model ${outcome.model}) failed: ${outcome.error ?? 'unknown error'}`)
    }
    const run = live.get(outcome.runId)
    live.delete(outcome.runId)
    const lane = run && liveBySession.get(run.handle.sessionKey)
    lane?.delete(outcome.runId)
    if (lane?.size === 0) liveBySession.delete(run!.handle.sessionKey)
    // A retry of a run that was never accepted must start it, not hear that it finished.
    if (!run?.unaccepted) finished.set(outcome.runId, outcome)
    if (finished.size > FINISHED_KEPT) finished.delete(finished.keys().next().value!)
    for (const resolve of waiters.get(outcome.runId) ?? []) resolve(outcome)
    waiters.delete(outcome.runId)
    for (const listener of settledListeners) listener(outcome)
  }

  function start(req: RunRequest): RunHandle {
    const sessionKey = canonical(req.sessionKey)
    const agentId = agentIdOf(sessionKey)
    const existing = live.get(req.runId)
    if (existing) return existing.handle
    const profile = profileOf(agentId)
    const provider = modelChain(req, profile, sessionKey)
    const tools = toolsFor(profile.tools)
    if (DURABLE_ORIGINS.has(req.origin)) {
      // On disk before the client hears "accepted" (the answer waits for the group commit holding this
      // row, and the run's events wait for it too: a full disk refuses the run): a crash while it waits does not lose it. Image bytes (megabytes of base64)
      // stay out of the database; a recovered run says they were attached.
      const { listener: _l, connId: _c, toolEvents: _t, answered: _a, steer: _s, ...durable } = req
      deps.sessions.addPendingRun(req.runId, sessionKey, { ...durable, ...(req.attachments && { attachments: withoutData(req.attachments) }) })
    }
    const controller = new AbortController()
    const acceptedAt = Date.now()
    const run: LiveRun = { controller, handle: { runId: req.runId, sessionKey, agentId, acceptedAt, done: undefined! } }
    // The commit holding the inbox row: the run is accepted once it is durable; if it fails, the run never was.
    const accepted = DURABLE_ORIGINS.has(req.origin) ? deps.sessions.durable().catch((err) => {
      run.unaccepted = true
      controller.abort(err)
      throw err
    }) : undefined
    // What the run shows waits for its acceptance, then for the answer to the request that started it.
    const acknowledged = accepted && req.answered ? accepted.then(() => req.answered) : (accepted ?? req.answered)
    const emit = createRunEmitter({
      events: deps.events, runId: req.runId, sessionKey, agentId, listener: req.listener,
      toolConnId: req.toolEvents ? req.connId : undefined, isHeartbeat: req.origin === 'heartbeat',
    })
    const execute = async (): Promise<RunOutcome> => {
      run.started = true
      const session = deps.sessions.ensure(sessionKey, { agentId, kind: sessionKindOf(sessionKey), channel: req.channel })
      if (req.retry) deps.sessions.dropRun(session.sessionId, req.runId)
      // A retried run's input arrived before the restart, not now: it is not stamped again.
      else recordInteraction(deps.sessions, req.origin, sessionKey, acceptedAt)
      const timeoutMs = req.timeoutMs ?? deps.live.current.agent.runTimeoutMs
      const timer = setTimeout(() => abortRun(run, 'timeout'), timeoutMs)
      try {
        return await executeTurn({
          runId: req.runId, sessionKey, agentId, sessionId: session.sessionId, message: req.message, attachments: req.attachments ?? [],
          system: systemPrompt(req, profile, sessionKey, tools.length > 0), acknowledged,
          provider, tools, sessions: deps.sessions, emit, signal: controller.signal, abortReason: () => run.abortReason, steer: req.steer,
          toolContext: { canvasDir: canvasDir(profile), ports: deps.ports },
          // As in the original, a DM limit windows a DM's own session; the shared main session stays whole.
          ...(req.historyTurns && sessionKey !== mainSessionKey(agentId) && { historyTurns: req.historyTurns }),
          record: (outcome) => recordRunEnd(deps, req, outcome),
        })
      } finally {
        clearTimeout(timer)
      }
    }
    live.set(req.runId, run)
    const lane = liveBySession.get(sessionKey) ?? new Map<string, LiveRun>()
    liveBySession.set(sessionKey, lane.set(req.runId, run))
    const previous = queues.get(sessionKey)
    // One run at a time per session. A run whose session is idle starts here, in this call: its message
    // is written in the same commit as its inbox row (no other task can come between), and its model
    // request is on its way while that commit syncs (the turn shows nothing until it is acknowledged; a
    // failed commit ends the run unseen, its request cancelled). A run queued behind another starts once
    // that one has ended and its own row is on disk; aborted while it waits, it ends at once.
    const done = (previous ? previous.then(() => accepted).then(() => {
      if (!controller.signal.aborted) return execute()
      deps.sessions.dropPendingRun(req.runId)
      return abortedBeforeStart(req, run, provider.label)
    }) : execute()).catch(async (err) => {
      // Its failure is told after the answer to the request that started it, as its events would be.
      await acknowledged?.catch(() => {})
      return failedBeforeStart(req, run, provider.label, emit, err)
    })
    run.handle.done = done.then((outcome) => (settle(outcome), outcome))
    queues.set(sessionKey, run.handle.done)
    void run.handle.done.then(() => {
      if (queues.get(sessionKey) === run.handle.done) queues.delete(sessionKey)
    })
    return run.handle
  }

  /** Starts again, in order, the runs that were accepted but had not started when the gateway stopped. */
  function recoverPending(): number {
    const pending = deps.sessions.pendingRuns()
    for (const { request } of pending) start({ ...(request as RunRequest), retry: true })
    return pending.length
  }

  function abortedBeforeStart(req: RunRequest, run: LiveRun, model: string): RunOutcome {
    const now = Date.now()
    const reason = run.abortReason ?? 'aborted'
    const outcome: RunOutcome = {
      runId: run.handle.runId, sessionKey: run.handle.sessionKey, agentId: run.handle.agentId, status: 'timeout', summary: reason,
      text: '', stopReason: reason, model, startedAt: now, endedAt: now,
    }
    recordRunEnd(deps, req, outcome)
    deps.events.broadcast('chat', { runId: outcome.runId, sessionKey: outcome.sessionKey, agentId: outcome.agentId, seq: 1, state: 'aborted', stopReason: reason })
    return outcome
  }

  /** A run that could not begin (its session row or inbox could not be written: a full disk) ends as an error, not as a rejection nobody awaits. */
  function failedBeforeStart(req: RunRequest, run: LiveRun, model: string, emit: RunEmitter, err: unknown): RunOutcome {
    const now = Date.now()
    const typed = storageFailure(err)
    const outcome: RunOutcome = {
      runId: run.handle.runId, sessionKey: run.handle.sessionKey, agentId: run.handle.agentId, status: 'error', summary: 'failed',
      text: '', stopReason: 'error', error: typed?.message ?? `the run failed: ${(err as Error).message}`, errorKind: 'unknown',
      ...(typed && { errorCode: (typed.details as { code: string }).code }), model, startedAt: now, endedAt: now,
    }
    recordRunEnd(deps, req, outcome)
    emit.start(now)
    emit.end(outcome)
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
    sessionModel,
    /** The default agent's model (`health`, `sessions.list` defaults). */
    get modelLabel() {
      return sessionModel(mainSessionKey(deps.live.current.agent.defaultAgentId))
    },
    isActive: (runId: string) => live.has(runId),
    /** The runs of a session that are running now, in start order. */
    activeRunIds: (sessionKey: string): string[] => [...(liveBySession.get(sessionKey)?.keys() ?? [])],
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
          // A wait for a run that never comes (an unknown id) leaves nothing behind.
          if (set.size === 0 && waiters.get(runId) === set) waiters.delete(runId)
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
      const key = canonical(sessionKey)
      const hit = [...(liveBySession.get(key)?.values() ?? [])].filter((r) => !runId || r.handle.runId === runId)
      for (const r of hit) abortRun(r, 'aborted')
      return hit.map((r) => r.handle.runId)
    },
    sessionBusy: (sessionKey: string) => queues.has(canonical(sessionKey)),
    /** Each session with runs is a lane of one: the run talking to the model and those queued behind it. */
    lanes(): { sessionKey: string; active: number; queued: number }[] {
      const bySession = new Map<string, { sessionKey: string; active: number; queued: number }>()
      for (const r of live.values()) {
        const lane = bySession.get(r.handle.sessionKey) ?? { sessionKey: r.handle.sessionKey, active: 0, queued: 0 }
        r.started ? lane.active++ : lane.queued++
        bySession.set(r.handle.sessionKey, lane)
      }
      return [...bySession.values()]
    },
    /**
     * One inbound channel message → one reply. Resolves when the run ends; rejects with a GatewayError
     * when the run failed, so the caller can tell the sender something went wrong.
     * @example const { text } = await services.agent.runTurn({ sessionKey, message, channel: 'telegram', to: chatId })
     */
    async runTurn(input: TurnInput): Promise<{ text: string; runId: string; outcome: RunOutcome }> {
      const handle = start({
        runId: input.runId ?? crypto.randomUUID(), retry: input.retry, sessionKey: input.sessionKey, message: input.message, attachments: input.attachments, origin: 'channel',
        channel: input.channel, to: input.to, accountId: input.accountId, senderName: input.senderName, historyTurns: input.historyTurns, listener: input.listener, steer: input.steer,
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
