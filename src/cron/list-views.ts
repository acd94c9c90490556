/**
 * `cron.list` and `cron.runs` as the Control UI's Automations page asks for them: its filter values
 * ("all", "enabled", "unknown", ...) turned into store queries, and rows shaped as the original
 * sends them (full jobs with `effectiveAgentId`, or compact table rows with `null` for never).
 */
import type { Static } from '@sinclair/typebox'
import type { CronJobRow, CronMethods, CronRunEntry } from '../protocol/methods/cron.ts'
import type { JobPageQuery, RunPageQuery, RunRow } from '../store/cron-pages.ts'
import { completionOf, deliveryFields } from './delivery-outcome.ts'
import { deliveryRoute } from './delivery-route.ts'
import type { CronJob } from './service.ts'

type ListParams = Static<(typeof CronMethods)['cron.list']['params']>
type RunsParams = Static<(typeof CronMethods)['cron.runs']['params']>
type Paged = { total: number; offset: number; limit: number; hasMore: boolean; nextOffset: number | null }

export function page(total: number, offset: number, limit: number, count: number): Paged {
  const next = offset + count
  return { total, offset, limit, hasMore: next < total, nextOffset: next < total ? next : null }
}

export function jobQuery(p: ListParams, defaultAgentId: string): JobPageQuery {
  const enabled = p.enabled === undefined ? (p.includeDisabled ? undefined : true) : p.enabled === 'all' ? undefined : p.enabled === 'enabled'
  return {
    agentId: p.sessionAgentId ?? p.agentId,
    defaultAgentId,
    sessionKey: p.sessionKey,
    enabled,
    scheduleKind: p.scheduleKind === 'all' ? undefined : p.scheduleKind,
    lastRunStatus: p.lastRunStatus === 'all' ? undefined : p.lastRunStatus,
    conditionalOnly: p.trigger === 'conditional',
    query: p.query?.trim() || undefined,
    sortBy: p.sortBy ?? 'nextRunAtMs',
    sortDir: p.sortDir ?? 'asc',
    limit: p.limit ?? 50,
    offset: p.offset ?? 0,
  }
}

/**
 * What `includeDeliveryPreviews` adds to a row, worded like the original's: `announce -> telegram:123`
 * with detail "explicit" (or "resolved from last, …" when the channel came from the target or the only
 * configured channel), else `announce -> last` and why it will fail closed. `channelOf` answers which
 * configured channel an open route would take, throwing when none would.
 */
export function deliveryPreview(job: CronJob, channelOf: (channel: string | undefined) => string): { label: string; detail: string } {
  const d = job.delivery
  if (d?.mode !== 'announce') return { label: 'not requested', detail: 'not requested' }
  const requested = d.channel ?? 'last'
  const fromLast = requested === 'last'
  const unresolved = (error: string) => ({
    label: `announce -> ${d.to ? `${requested}:${d.to}` : requested}`,
    detail: fromLast ? `last -> no route, will fail-closed: ${error}` : error,
  })
  const route = deliveryRoute(d)
  if ('error' in route) return unresolved(route.error)
  let channel: string
  try {
    channel = channelOf(route.channel)
  } catch (err) {
    return unresolved((err as Error).message)
  }
  const detail = !fromLast ? 'explicit' : job.sessionKey ? `resolved from last, session ${job.sessionKey}` : 'resolved from last, main session'
  return { label: `announce -> ${channel}:${route.to}`, detail }
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())

export function compactRow(job: CronJob, defaultAgentId: string): Static<typeof CronJobRow> {
  const s = job.state
  // A paused job keeps the slot it would run at; it has no next run until resumed.
  const next = job.enabled ? s.nextRunAtMs : undefined
  return {
    id: job.id,
    name: job.name,
    ...(job.description !== undefined && { description: job.description }),
    ...(job.agentId !== undefined && { agentId: job.agentId }),
    effectiveAgentId: job.agentId ?? defaultAgentId,
    enabled: job.enabled,
    updatedAtMs: job.updatedAtMs,
    scheduleKind: job.schedule.kind,
    schedule: job.schedule,
    nextRunAt: iso(next),
    nextRunAtMs: next ?? null,
    lastRunAt: iso(s.lastRunAtMs),
    lastRunAtMs: s.lastRunAtMs ?? null,
    lastRunStatus: s.lastRunStatus ?? null,
    lastRunError: s.lastError ?? null,
    ...(s.runningAtMs !== undefined && { runningAtMs: s.runningAtMs }),
  }
}

export function runQuery(p: RunsParams, defaultAgentId: string): RunPageQuery {
  const jobId = p.id ?? p.jobId
  const status = p.status && p.status !== 'all' ? [p.status] : undefined
  const delivery = p.deliveryStatuses ?? (p.deliveryStatus ? [p.deliveryStatus] : undefined)
  return {
    jobId: p.scope === 'all' ? undefined : jobId,
    runId: p.runId,
    agentId: p.agentId,
    defaultAgentId,
    statuses: p.statuses ?? status,
    deliveryStatuses: delivery,
    query: p.query?.trim() || undefined,
    sortDir: p.sortDir ?? 'desc',
    limit: p.limit ?? 50,
    offset: p.offset ?? 0,
  }
}

export function runEntry(r: RunRow): Static<typeof CronRunEntry> {
  return {
    ts: r.ended_at,
    jobId: r.job_id,
    ...(r.job_name !== null && { jobName: r.job_name }),
    action: 'finished',
    runId: r.run_id,
    trigger: r.trigger,
    status: r.status,
    completionStatus: completionOf(r.status),
    ...(r.error && { error: r.error }),
    ...(r.summary && { summary: r.summary }),
    runAtMs: r.started_at,
    startedAtMs: r.started_at,
    endedAtMs: r.ended_at,
    durationMs: r.ended_at - r.started_at,
    ...(r.session_key && { sessionKey: r.session_key }),
    ...(r.provider && { provider: r.provider }),
    ...(r.model && { model: r.model }),
    ...deliveryFields({ status: r.delivery_status, ...(r.delivery_error && { error: r.delivery_error }), ...(r.delivery_suppressed && { suppressed: r.delivery_suppressed }) }),
    ...(r.input_tokens !== null && {
      usage: {
        input_tokens: r.input_tokens,
        output_tokens: r.output_tokens ?? 0,
        cache_read_tokens: r.cache_read_tokens ?? 0,
        cache_write_tokens: r.cache_write_tokens ?? 0,
        total_tokens: r.input_tokens + (r.output_tokens ?? 0) + (r.cache_read_tokens ?? 0) + (r.cache_write_tokens ?? 0),
      },
    }),
  }
}
