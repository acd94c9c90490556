/**
 * Cron jobs from the original's `cron_jobs` (state/openclaw.sqlite; the job itself is `job_json`, its
 * run state `state_json`). Each keeps its id, name, schedule, payload, session target, delivery and
 * enabled flag, so `openclaw cron run <id>` scripts still work; its next run is worked out here from its
 * schedule (a one-shot that has not run yet and is overdue runs once at start, as after a restart).
 *
 * Left behind, each with its reason: jobs the original manages itself (a `declaration_key`: its own
 * heartbeat, plugin maintenance; this gateway's heartbeat comes from the config), schedules and payloads
 * this gateway does not have (`on-exit`/`stream` triggers, command and script jobs), webhook delivery,
 * and a per-job tool allowlist (dropping it would give the job more than it had).
 */
import type { Database } from 'bun:sqlite'
import { CronSyntaxError } from '../cron/cron-expr.ts'
import type { CronJob } from '../cron/service.ts'
import { nextRunAt, validateSchedule } from '../cron/schedule.ts'
import { compileValidator } from '../protocol/compile-validator.ts'
import { CronJob as CronJobSchema } from '../protocol/methods/cron.ts'
import type { ImportedCronJob } from '../store/original-import-store.ts'
import type { ImportReport } from './import-report.ts'
import { finiteMs, jsonOf, optionalText, stringList } from './row-values.ts'

const jobShape = compileValidator(CronJobSchema)

interface JobRow {
  job_id: unknown
  declaration_key: unknown
  job_json: unknown
  state_json: unknown
  updated_at: unknown
}

/** A reason the job cannot run here as it did there. */
class Unsupported extends Error {}

/** Payload fields that change nothing here when dropped. */
const HARMLESS_PAYLOAD_FIELDS = new Set(['lightContext'])

export function readCronJobs(state: Database, report: ImportReport): ImportedCronJob[] {
  const now = Date.now()
  const rows = state.query<JobRow, []>(
    'SELECT job_id, declaration_key, job_json, state_json, updated_at FROM cron_jobs ORDER BY sort_order, updated_at, job_id',
  ).all()
  const jobs: ImportedCronJob[] = []
  let managed = 0
  for (const row of rows) {
    const what = `cron job ${String(row.job_id)}`
    if (row.declaration_key !== null) {
      managed++
      continue
    }
    const raw = jsonOf(row.job_json) as Record<string, unknown> | undefined
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      report.skip(what, 'job_json is not a JSON object')
      continue
    }
    try {
      const job = toJob(raw, jsonOf(row.state_json), finiteMs(row.updated_at), now)
      if (!jobShape.check(job)) {
        report.skip(`${what} (${String(raw.name)})`, `malformed job: ${jobShape.explain(job)}`)
        continue
      }
      if (jobs.some((j) => j.job.id === job.id)) {
        report.skip(`${what} (${job.name})`, 'another job has the same id')
        continue
      }
      jobs.push({ enabled: job.enabled, nextRunAtMs: job.state.nextRunAtMs, job })
    } catch (err) {
      const malformed = !(err instanceof Unsupported)
      report.skip(`${what} (${String(raw.name)})`, `${malformed ? 'malformed job: ' : ''}${(err as Error).message}`)
    }
  }
  if (managed > 0) report.skip(`${managed} cron jobs the original manages itself (its heartbeat, plugin maintenance)`, "this gateway's heartbeat comes from the config")
  report.count('cron jobs', jobs.length)
  return jobs
}

function toJob(raw: Record<string, unknown>, stateJson: unknown, updatedAt: number | undefined, now: number): CronJob {
  const createdAtMs = finiteMs(raw.createdAtMs) ?? updatedAt ?? now
  const schedule = toSchedule(raw.schedule)
  const payload = toPayload(raw.payload)
  const delivery = toDelivery(raw.delivery)
  const saved = { ...asObject(raw.state), ...asObject(stateJson) }
  const lastRunAtMs = finiteMs(saved.lastRunAtMs)
  const lastRunStatus = ['ok', 'error', 'skipped'].includes(saved.lastRunStatus as string) ? (saved.lastRunStatus as 'ok' | 'error' | 'skipped') : undefined
  const lastError = optionalText(saved.lastError)
  const id = String(raw.id ?? '')
  const nextRunAtMs = nextRunAt(schedule, now, { createdAtMs, jobId: id, lastRunAtMs })
  const state = {
    ...(nextRunAtMs !== undefined && { nextRunAtMs }),
    ...(lastRunAtMs !== undefined && { lastRunAtMs }),
    ...(lastRunStatus && { lastRunStatus }),
    ...(lastError && { lastError }),
    ...(finiteMs(saved.lastDurationMs) !== undefined && { lastDurationMs: finiteMs(saved.lastDurationMs) }),
  }
  return {
    id, name: raw.name as string, enabled: raw.enabled !== false, createdAtMs, updatedAtMs: updatedAt ?? createdAtMs,
    schedule, sessionTarget: raw.sessionTarget as CronJob['sessionTarget'], wakeMode: (raw.wakeMode ?? 'now') as CronJob['wakeMode'],
    payload, state,
    ...(optionalText(raw.description) && { description: raw.description as string }),
    ...(typeof raw.deleteAfterRun === 'boolean' && { deleteAfterRun: raw.deleteAfterRun }),
    ...(optionalText(raw.agentId) && { agentId: raw.agentId as string }),
    ...(optionalText(raw.sessionKey) && { sessionKey: raw.sessionKey as string }),
    ...(delivery && { delivery }),
    ...(state.nextRunAtMs !== undefined && { nextRunAtMs: state.nextRunAtMs }),
    ...(lastRunAtMs !== undefined && { lastRunAtMs }),
    ...(lastRunStatus && { lastRunStatus }),
    ...(lastError && { lastRunError: lastError }),
  }
}

const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

function toSchedule(raw: unknown): CronJob['schedule'] {
  const s = asObject(raw)
  if (s.kind === 'at') {
    if (typeof s.at !== 'string' || !Number.isFinite(Date.parse(s.at))) throw new Error(`"at" is not a date: ${String(s.at)}`)
    return { kind: 'at', at: s.at }
  }
  let schedule: CronJob['schedule']
  if (s.kind === 'every') {
    schedule = { kind: 'every', everyMs: s.everyMs as number, ...(finiteMs(s.anchorMs) !== undefined && { anchorMs: s.anchorMs as number }) }
  } else if (s.kind === 'cron') {
    schedule = {
      kind: 'cron', expr: s.expr as string,
      ...(optionalText(s.tz) && { tz: s.tz as string }),
      ...(finiteMs(s.staggerMs) !== undefined && { staggerMs: s.staggerMs as number }),
    }
  } else {
    throw new Unsupported(`schedule kind ${JSON.stringify(s.kind)} is not supported here (only at, every, cron)`)
  }
  try {
    validateSchedule(schedule, Date.now())
  } catch (err) {
    if (err instanceof CronSyntaxError) throw new Error(err.message)
    throw err
  }
  if (schedule.kind === 'every' && !(Number.isSafeInteger(schedule.everyMs) && schedule.everyMs > 0)) throw new Error(`everyMs is not a positive number: ${String(s.everyMs)}`)
  return schedule
}

function toPayload(raw: unknown): CronJob['payload'] {
  const p = asObject(raw)
  if (p.kind === 'systemEvent') return { kind: 'systemEvent', text: p.text as string }
  if (p.kind !== 'agentTurn') throw new Unsupported(`payload kind ${JSON.stringify(p.kind)} is not supported here (only agentTurn, systemEvent)`)
  const { kind: _k, message, model, thinking, timeoutSeconds, toolsAllow, ...rest } = p
  const tools = stringList(toolsAllow)
  if (toolsAllow !== undefined && !(tools?.length === 1 && tools[0] === '*')) {
    throw new Unsupported('its tool allowlist (toolsAllow) is not supported here, and without it the job could use every tool')
  }
  const dropped = Object.keys(rest).filter((k) => !HARMLESS_PAYLOAD_FIELDS.has(k))
  if (dropped.length > 0) throw new Unsupported(`payload fields not supported here: ${dropped.join(', ')}`)
  return {
    kind: 'agentTurn', message: message as string,
    ...(optionalText(model) && { model: model as string }),
    ...(optionalText(thinking) && { thinking: thinking as string }),
    ...(typeof timeoutSeconds === 'number' && timeoutSeconds > 0 && { timeoutSeconds }),
  }
}

function toDelivery(raw: unknown): CronJob['delivery'] | undefined {
  if (raw === undefined) return undefined
  const d = asObject(raw)
  if (d.mode === 'none' || d.mode === undefined) return undefined
  if (d.mode !== 'announce') throw new Unsupported(`delivery mode ${JSON.stringify(d.mode)} is not supported here (only announce, none)`)
  return {
    mode: 'announce',
    ...(optionalText(d.channel) && { channel: d.channel as string }),
    ...(optionalText(d.to) && { to: d.to as string }),
    ...(optionalText(d.accountId) && { accountId: d.accountId as string }),
    ...((typeof d.threadId === 'string' || typeof d.threadId === 'number') && { threadId: d.threadId }),
    ...(typeof d.bestEffort === 'boolean' && { bestEffort: d.bestEffort }),
  }
}
