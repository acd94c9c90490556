/**
 * The cron scheduler: persistent jobs (SQLite), one timer armed for the earliest due job, runs that
 * are either an agent turn or a system event, a run log, and `cron` events.
 *
 * Runs missed while the gateway was down: at startup every enabled job whose due time has passed is
 * caught up ONCE, however many slots it missed (a one-shot `at` job runs once; a recurring job runs
 * once and then continues from its next future slot). Catch-up runs start a few seconds after
 * startup, one second apart, so a restart does not fire a burst of model calls at once. With
 * `cron.skipMissedJobs: true` recurring jobs skip their missed slots instead (one-shots still run).
 * A run that was in progress when the gateway stopped is logged as an error ("interrupted"), in its job's
 * state too; whether its reply went is `unknown` if the job announces, else none was asked (`not-requested`).
 */
import type { Static } from '@sinclair/typebox'
import type { AgentPorts } from '../agent/ports.ts'
import type { AgentService } from '../agent/service.ts'
import { canonicalSessionKey, cronSessionKey, mainSessionKey } from '../routing/session-keys.ts'
import type { AgentSettings } from '../config/agent-settings.ts'
import type { EventBus } from '../core/event-bus.ts'
import { logger } from '../log.ts'
import { GatewayError } from '../protocol/index.ts'
import type { CronAddParams, CronJob as CronJobSchema, CronPatch } from '../protocol/methods/cron.ts'
import type { CronRunDelivery, CronStore, CronTrigger } from '../store/cron-store.ts'
import type { JobPageQuery, RunPageQuery } from '../store/cron-pages.ts'
import type { TaskPageQuery } from '../store/cron-task-page.ts'
import { CronSyntaxError } from './cron-expr.ts'
import { completionOf, deliveryFields, NOT_REQUESTED } from './delivery-outcome.ts'
import { deliveryRoute } from './delivery-route.ts'
import type { HeartbeatRunner } from './heartbeat.ts'
import { anchored, nextRunAt, validateSchedule } from './schedule.ts'

export type CronJob = Static<typeof CronJobSchema>

interface RunResult {
  status: 'ok' | 'error'
  error?: string
  summary?: string
  delivery: CronRunDelivery
}
type AddParams = Static<typeof CronAddParams>
type Patch = Static<typeof CronPatch>

/** A job's definition without its run state or bookkeeping, hashed: what `expectedConfigRevision` compares. */
function revisionOf(job: CronJob): string {
  const { state: _s, configRevision: _r, nextRunAtMs: _n, lastRunAtMs: _l, lastRunStatus: _ls, lastRunError: _le, ...definition } = job
  return `sha256:${new Bun.CryptoHasher('sha256').update(JSON.stringify(definition)).digest('base64url')}`
}

/** Jobs stored before revisions existed get theirs when read. */
const withRevision = (job: CronJob): CronJob => (job.configRevision ? job : { ...job, configRevision: revisionOf(job) })

/** A patch over a job: `null` clears agentId, sessionKey and optional payload fields; failureAlert only says "none". */
function applyPatch(job: CronJob, patch: Patch, now: number): CronJob {
  const { payload, agentId, sessionKey, delivery, failureAlert: _f, ...plain } = patch
  const next: CronJob = { ...job, ...plain, updatedAtMs: now }
  if (delivery) {
    const merged = { ...(job.delivery ?? { mode: 'announce' as const }), ...delivery }
    merged.mode === 'announce' ? (next.delivery = { ...merged, mode: 'announce' }) : delete next.delivery
  }
  if (agentId !== undefined) agentId === null ? delete next.agentId : (next.agentId = agentId)
  if (sessionKey !== undefined) sessionKey === null ? delete next.sessionKey : (next.sessionKey = sessionKey)
  if (plain.description === '') delete next.description
  if (payload) {
    const base = job.payload.kind === payload.kind ? job.payload : {}
    const merged: Record<string, unknown> = { ...base, ...payload }
    for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k]
    if (merged.kind === 'agentTurn' && !merged.message) throw new GatewayError('INVALID_REQUEST', 'an agentTurn payload needs a message')
    next.payload = merged as CronJob['payload']
  }
  return next
}

/** The timer re-checks at least this often, so a changed wall clock cannot strand a job. */
const MAX_TIMER_MS = 60_000
/** How soon a job that could not be recorded (a full disk) is tried again. */
const STORAGE_RETRY_MS = 30_000
const log = logger('cron')

export function createCronService(deps: {
  store: CronStore<CronJob>
  agent: AgentService
  /** The agent's heartbeat; none for an unknown agent or one added since the gateway started. */
  heartbeatRunner: (agentId: string) => HeartbeatRunner | undefined
  events: EventBus
  /** The agent settings in force (read when arming: edits apply without a restart). */
  settings: () => AgentSettings
  storePath: string
  catchUpDelayMs: number
  /** Where an `announce` job's reply goes (the channels, as for `send`). */
  outbound: AgentPorts['outbound']
}) {
  const running = new Set<string>()
  let timer: Timer | undefined
  let stopped = false
  let manualCount = 0

  const emit = (payload: Record<string, unknown>) => deps.events.broadcast('cron', payload, { dropIfSlow: true })

  function notFound(id: string): GatewayError {
    return new GatewayError('INVALID_REQUEST', `unknown cron job: ${id}`, { code: 'CRON_JOB_NOT_FOUND', jobId: id })
  }

  function mustGet(id: string | undefined): CronJob {
    if (!id) throw new GatewayError('INVALID_REQUEST', 'id or jobId is required')
    const job = deps.store.get(id)
    if (!job) throw notFound(id)
    return withRevision(job)
  }

  function save(job: CronJob, state: Partial<CronJob['state']>): CronJob {
    const next: CronJob = { ...job, state: { ...job.state, ...state } }
    for (const k of Object.keys(state) as (keyof CronJob['state'])[]) if (state[k] === undefined) delete next.state[k]
    next.nextRunAtMs = next.state.nextRunAtMs
    next.lastRunAtMs = next.state.lastRunAtMs
    next.lastRunStatus = next.state.lastRunStatus
    next.lastRunError = next.state.lastError
    for (const k of ['nextRunAtMs', 'lastRunAtMs', 'lastRunStatus', 'lastRunError'] as const) if (next[k] === undefined) delete next[k]
    next.configRevision = revisionOf(next)
    deps.store.put(next, next.enabled ? next.nextRunAtMs : undefined)
    return next
  }

  function check(schedule: CronJob['schedule'], now: number): void {
    const min = deps.settings().cron.minEveryMs
    if (schedule.kind === 'every' && schedule.everyMs < min) {
      throw new GatewayError('INVALID_REQUEST', `invalid schedule: everyMs must be at least ${min} (${min / 1000} s)`, { code: 'CRON_INVALID_SCHEDULE' })
    }
    try {
      validateSchedule(schedule, now)
    } catch (err) {
      if (err instanceof CronSyntaxError) throw new GatewayError('INVALID_REQUEST', `invalid schedule: ${err.message}`, { code: 'CRON_INVALID_SCHEDULE' })
      throw err
    }
  }

  const due = (job: CronJob, after: number) =>
    nextRunAt(job.schedule, after, { createdAtMs: job.createdAtMs, jobId: job.id, lastRunAtMs: job.state.lastRunAtMs })

  /** A system event runs in the agent's main session through its heartbeat: there is no reply to announce (as in the original). */
  function checkDelivery(job: CronJob): void {
    if (job.payload.kind === 'systemEvent' && job.delivery?.mode === 'announce') {
      throw new GatewayError('INVALID_REQUEST', 'cron channel delivery config is only supported for sessionTarget="isolated"', { code: 'CRON_INVALID_DELIVERY' })
    }
  }

  /** The job's own agent, else the configured default one. */
  const ownerOf = (job: CronJob) => job.agentId ?? deps.settings().defaultAgentId

  /** Keys without the `agent:` prefix belong to the job's agent. */
  function sessionFor(job: CronJob): string {
    const t = job.sessionTarget
    const agentId = ownerOf(job)
    if (t === 'isolated') return cronSessionKey(agentId, job.id)
    if (t.startsWith('session:')) return canonicalSessionKey(t.slice('session:'.length), agentId)
    if (t === 'current') return canonicalSessionKey(job.sessionKey, agentId)
    return mainSessionKey(agentId)
  }

  /** Whether a run's reply is to be delivered (only agentTurn jobs announce: checkDelivery). */
  const announces = (job: CronJob) => job.delivery?.mode === 'announce'

  async function perform(job: CronJob, runId: string): Promise<RunResult> {
    const p = job.payload
    if (p.kind === 'systemEvent') {
      const heartbeat = deps.heartbeatRunner(ownerOf(job))
      if (!heartbeat) return { status: 'error', error: `agent ${ownerOf(job)} has no heartbeat (unknown, or added since the gateway started)`, delivery: NOT_REQUESTED }
      heartbeat.enqueueSystemEvent(p.text)
      if (job.wakeMode !== 'now') return { status: 'ok', summary: 'queued for the next heartbeat', delivery: NOT_REQUESTED }
      const beat = await heartbeat.runNow('cron')
      return beat.status === 'failed'
        ? { status: 'error', error: String(beat.message ?? 'heartbeat failed'), delivery: NOT_REQUESTED }
        : { status: 'ok', summary: `heartbeat ${beat.status}`, delivery: NOT_REQUESTED }
    }
    const run = deps.agent.start({
      runId, sessionKey: sessionFor(job), message: p.message, origin: 'cron', timeoutMs: p.timeoutSeconds ? p.timeoutSeconds * 1000 : undefined,
    })
    const outcome = await run.done
    const delivery = job.delivery
    if (outcome.status !== 'ok') {
      const error = outcome.error ?? outcome.summary
      return { status: 'error', error, delivery: delivery?.mode === 'announce' ? { status: 'unknown', ...(error && { error }) } : NOT_REQUESTED }
    }
    const summary = outcome.text.slice(0, 500)
    if (delivery?.mode !== 'announce') return { status: 'ok', summary, delivery: NOT_REQUESTED }
    if (!outcome.text.trim()) return { status: 'ok', summary, delivery: { status: 'not-delivered', suppressed: 'empty' } }
    const failed = (error: string): RunResult => ({ status: delivery.bestEffort ? 'ok' : 'error', summary, error, delivery: { status: 'not-delivered', error } })
    const route = deliveryRoute(delivery)
    if ('error' in route) return failed(`no delivery route: ${route.error}`)
    try {
      await deps.outbound.send({
        ...(route.channel && { channel: route.channel }), to: route.to, message: outcome.text,
        ...(delivery.accountId && { accountId: delivery.accountId }),
        ...(delivery.threadId !== undefined && { threadId: String(delivery.threadId) }),
      })
      return { status: 'ok', summary, delivery: { status: 'delivered' } }
    } catch (err) {
      return failed(`delivery failed: ${(err as Error).message}`)
    }
  }

  async function execute(job: CronJob, trigger: CronTrigger, runId = `cron:${job.id}:${Date.now()}`): Promise<void> {
    if (running.has(job.id)) return
    running.add(job.id)
    const startedAtMs = Date.now()
    try {
      deps.store.startRun({ runId, jobId: job.id, trigger, startedAtMs })
      save(job, { runningAtMs: startedAtMs })
    } catch (err) {
      // The run could not be recorded (a full disk): it does not start, stays due, and is tried again
      // shortly, not left marked running forever.
      running.delete(job.id)
      log.warn(`job ${job.id} could not start: ${(err as Error).message}; trying again in ${STORAGE_RETRY_MS / 1000} s`)
      clearTimeout(timer)
      if (!stopped) (timer = setTimeout(arm, STORAGE_RETRY_MS)).unref()
      return
    }
    emit({ jobId: job.id, action: 'started', runId, runAtMs: startedAtMs })
    let result: RunResult
    try {
      result = await perform(job, runId)
    } catch (err) {
      const error = (err as Error).message
      result = { status: 'error', error, delivery: announces(job) ? { status: 'unknown', error } : NOT_REQUESTED }
    } finally {
      running.delete(job.id)
    }
    const endedAtMs = Date.now()
    try {
      deps.store.endRun(runId, { endedAtMs, ...result })
      const current = deps.store.get(job.id)
      if (current) finishJob(current, trigger, startedAtMs, endedAtMs, result)
    } catch (err) {
      log.warn(`job ${job.id} ran but its result could not be recorded: ${(err as Error).message}`)
    }
    const { delivery, ...outcome } = result
    emit({
      jobId: job.id, action: 'finished', runId, runAtMs: startedAtMs, durationMs: endedAtMs - startedAtMs, ...outcome,
      completionStatus: completionOf(outcome.status), ...deliveryFields(delivery),
      nextRunAtMs: deps.store.get(job.id)?.nextRunAtMs,
    })
    arm()
  }

  function finishJob(job: CronJob, trigger: CronTrigger, startedAtMs: number, endedAtMs: number, result: RunResult): void {
    // A manual run before the job's next slot leaves its schedule as it was, as the original preserves it:
    // the slot still runs, and a one-shot stays armed (not disabled, not deleted).
    const pending = job.state.nextRunAtMs
    const preserve = trigger === 'manual' && job.enabled && pending !== undefined && pending > endedAtMs
    if (!preserve && job.schedule.kind === 'at' && job.deleteAfterRun && result.status === 'ok') {
      deps.store.remove(job.id)
      emit({ jobId: job.id, action: 'removed' })
      return
    }
    const ran = { ...job, state: { ...job.state, lastRunAtMs: startedAtMs } }
    const next = preserve ? pending : due(ran, Math.max(endedAtMs, pending ?? 0))
    const updated = { ...job, enabled: job.schedule.kind === 'at' && !preserve ? false : job.enabled }
    save(updated, {
      runningAtMs: undefined, lastRunAtMs: startedAtMs, lastRunStatus: result.status, lastError: result.error,
      lastDurationMs: endedAtMs - startedAtMs, nextRunAtMs: next,
      lastDelivered: result.delivery.status === 'delivered' ? true : result.delivery.status === 'not-delivered' ? false : undefined,
      lastDeliveryStatus: result.delivery.status, lastDeliveryError: result.delivery.error,
    })
  }

  function arm(): void {
    clearTimeout(timer)
    if (stopped || !deps.settings().cron.enabled) return
    const now = Date.now()
    let earliest = Infinity
    for (const job of deps.store.list()) {
      if (!job.enabled || running.has(job.id) || job.state.nextRunAtMs === undefined) continue
      if (job.state.nextRunAtMs <= now) void execute(job, 'schedule')
      else earliest = Math.min(earliest, job.state.nextRunAtMs)
    }
    if (earliest === Infinity) return
    timer = setTimeout(arm, Math.min(earliest - now, MAX_TIMER_MS))
    timer.unref()
  }

  return {
    start(): void {
      // A run the restart cut off ended in error; its job's state says so, as its run log entry does.
      const cut = new Map(deps.store.markInterrupted().map((run) => [run.jobId, run]))
      const now = Date.now()
      const missed: CronJob[] = []
      for (const job of deps.store.list()) {
        let cleared = job
        if (job.state.runningAtMs) {
          const run = cut.get(job.id)
          cleared = save(job, run ? {
            runningAtMs: undefined, lastRunAtMs: run.startedAtMs, lastRunStatus: 'error', lastError: run.error, lastDurationMs: 0,
            lastDelivered: undefined, lastDeliveryStatus: run.deliveryStatus, lastDeliveryError: run.deliveryError ?? undefined,
          } : { runningAtMs: undefined })
        }
        if (!cleared.enabled || cleared.state.nextRunAtMs === undefined || cleared.state.nextRunAtMs > now) continue
        if (cleared.schedule.kind !== 'at' && deps.settings().cron.skipMissedJobs) save(cleared, { nextRunAtMs: due(cleared, now) })
        else missed.push(save(cleared, { nextRunAtMs: undefined }))
      }
      const delay = deps.catchUpDelayMs
      missed.forEach((job, i) => {
        setTimeout(() => {
          if (!stopped) void execute(job, 'catch-up')
        }, delay + i * 1000).unref()
      })
      arm()
    },
    stop(): void {
      stopped = true
      clearTimeout(timer)
    },
    /** Re-reads `cron.enabled` (a config edit turned the scheduler on or off). */
    rearm: () => arm(),
    list: () => deps.store.list(),
    get: (id: string | undefined) => mustGet(id),
    add(p: AddParams): CronJob {
      const now = Date.now()
      check(p.schedule, now)
      const job: CronJob = {
        id: crypto.randomUUID(), name: p.name, enabled: p.enabled ?? true, createdAtMs: now, updatedAtMs: now,
        schedule: anchored(p.schedule, now), sessionTarget: p.sessionTarget ?? (p.payload.kind === 'systemEvent' ? 'main' : 'isolated'),
        wakeMode: p.wakeMode ?? 'now', payload: p.payload, state: {},
        ...(p.description && { description: p.description }),
        ...(p.deleteAfterRun !== undefined && { deleteAfterRun: p.deleteAfterRun }),
        ...(p.agentId && { agentId: p.agentId }),
        ...(p.sessionKey && { sessionKey: p.sessionKey }),
        ...(p.delivery?.mode === 'announce' && { delivery: p.delivery }),
      }
      checkDelivery(job)
      const saved = save(job, { nextRunAtMs: due(job, now) })
      emit({ jobId: saved.id, action: 'added', job: saved, nextRunAtMs: saved.nextRunAtMs })
      arm()
      return saved
    },
    update(id: string | undefined, patch: Patch, expectedRevision?: string): CronJob {
      const job = mustGet(id)
      if (expectedRevision && expectedRevision !== job.configRevision) {
        throw new GatewayError('INVALID_REQUEST', `cron job ${job.id} changed since it was read`, { code: 'CRON_JOB_CHANGED', jobId: job.id })
      }
      const now = Date.now()
      if (patch.schedule) check(patch.schedule, now)
      const merged = applyPatch(job, patch.schedule ? { ...patch, schedule: anchored(patch.schedule, now, job.schedule) } : patch, now)
      checkDelivery(merged)
      const rescheduled = patch.schedule || (patch.enabled && !job.enabled)
      const saved = save(merged, rescheduled ? { nextRunAtMs: due({ ...merged, state: {} }, now) } : {})
      emit({ jobId: saved.id, action: 'updated', job: saved, nextRunAtMs: saved.nextRunAtMs })
      arm()
      return saved
    },
    remove(id: string | undefined): { removed: true; id: string } {
      const job = mustGet(id)
      deps.store.remove(job.id)
      emit({ jobId: job.id, action: 'removed' })
      arm()
      return { removed: true, id: job.id }
    },
    /** `force` (default) runs now; `due` only if due; `if-enabled` only if enabled. */
    run(id: string | undefined, mode: 'due' | 'force' | 'if-enabled' = 'force') {
      const job = mustGet(id)
      if (mode === 'if-enabled' && !job.enabled) return { ok: true as const, ran: false as const, reason: 'disabled' }
      if (mode === 'due' && (job.state.nextRunAtMs === undefined || job.state.nextRunAtMs > Date.now())) return { ok: true as const, ran: false as const, reason: 'not-due' }
      if (running.has(job.id)) return { ok: true as const, ran: false as const, reason: 'already-running' }
      const runId = `manual:${job.id}:${Date.now()}:${++manualCount}`
      void execute(job, 'manual', runId)
      return { ok: true as const, enqueued: true as const, runId }
    },
    jobPage(q: JobPageQuery): { jobs: CronJob[]; total: number } {
      const { bodies, total } = deps.store.jobPage(q)
      return { jobs: bodies.map((b) => withRevision(JSON.parse(b) as CronJob)), total }
    },
    revision: () => deps.store.revision(),
    runPage: (q: RunPageQuery) => deps.store.runPage(q),
    /** Running and finished runs, for the task ledger (`tasks.list`). */
    taskPage: (q: TaskPageQuery) => deps.store.taskPage(q),
    status() {
      const jobs = deps.store.list()
      const next = jobs.filter((j) => j.enabled && j.state.nextRunAtMs !== undefined).map((j) => j.state.nextRunAtMs!)
      const enabled = deps.settings().cron.enabled
      // Schedules are the only triggers here, so they fire exactly when the scheduler is on.
      return {
        enabled, triggersEnabled: enabled, storePath: deps.storePath, sqlitePath: deps.storePath, storage: 'sqlite', jobs: jobs.length,
        nextWakeAtMs: next.length ? Math.min(...next) : null,
      }
    },
  }
}

export type CronService = ReturnType<typeof createCronService>
