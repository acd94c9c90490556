/**
 * The Automations views' queries: cron jobs and run-log entries filtered, sorted and paged in SQL
 * (jobs are stored as JSON, so filters read fields with json_extract). Sort keys and directions come
 * from closed lists and are spliced into the SQL text; every value is a bound parameter.
 */
import type { Db } from './db.ts'

export interface JobPageQuery {
  agentId?: string
  /** The agent of jobs without one. */
  defaultAgentId: string
  sessionKey?: string
  enabled?: boolean
  scheduleKind?: string
  /** `unknown` = never ran. */
  lastRunStatus?: string
  /** No job here has a run condition: `conditional` matches none. */
  conditionalOnly?: boolean
  query?: string
  sortBy: 'nextRunAtMs' | 'updatedAtMs' | 'name'
  sortDir: 'asc' | 'desc'
  limit: number
  offset: number
}

const JOB_SORT = {
  nextRunAtMs: 'next_run_at',
  updatedAtMs: "json_extract(body, '$.updatedAtMs')",
  name: "lower(json_extract(body, '$.name'))",
} as const

const JOB_FILTER = `
  ($agent IS NULL OR coalesce(json_extract(body, '$.agentId'), $defaultAgent) = $agent)
  AND ($session IS NULL OR json_extract(body, '$.sessionKey') = $session OR json_extract(body, '$.sessionTarget') = 'session:' || $session)
  AND ($enabled IS NULL OR json_extract(body, '$.enabled') = $enabled)
  AND ($kind IS NULL OR json_extract(body, '$.schedule.kind') = $kind)
  AND ($last IS NULL OR coalesce(json_extract(body, '$.state.lastRunStatus'), 'unknown') = $last)
  AND NOT $conditionalOnly
  AND ($query IS NULL OR instr(lower(json_extract(body, '$.name')), $query) > 0
       OR instr(lower(coalesce(json_extract(body, '$.description'), '')), $query) > 0)`

export function queryJobPage(db: Db, q: JobPageQuery): { bodies: string[]; total: number } {
  // A job with no next run (disabled, or a finished one-shot) sorts after every scheduled one.
  const key = JOB_SORT[q.sortBy]
  const order = `${key} IS NULL, ${key} ${q.sortDir === 'desc' ? 'DESC' : 'ASC'}, created_at, id`
  const params = {
    agent: q.agentId ?? null,
    defaultAgent: q.defaultAgentId,
    session: q.sessionKey ?? null,
    enabled: q.enabled === undefined ? null : q.enabled ? 1 : 0,
    kind: q.scheduleKind ?? null,
    last: q.lastRunStatus ?? null,
    conditionalOnly: q.conditionalOnly ? 1 : 0,
    query: q.query ? q.query.toLowerCase() : null,
  }
  const rows = db
    .query<{ body: string }, typeof params & { limit: number; offset: number }>(`SELECT body FROM cron_jobs WHERE ${JOB_FILTER} ORDER BY ${order} LIMIT $limit OFFSET $offset`)
    .all({ ...params, limit: q.limit, offset: q.offset })
  const total = db.query<{ n: number }, typeof params>(`SELECT COUNT(*) AS n FROM cron_jobs WHERE ${JOB_FILTER}`).get(params)!.n
  return { bodies: rows.map((r) => r.body), total }
}

/** Changes with any job definition (not with its run state): pagers compare it between pages. */
export function jobsRevision(db: Db): string {
  const row = db
    .query<{ s: string | null }, []>("SELECT group_concat(id || ':' || json_extract(body, '$.updatedAtMs'), ',') AS s FROM (SELECT id, body FROM cron_jobs ORDER BY id)")
    .get()
  return `sha256:${new Bun.CryptoHasher('sha256').update(row?.s ?? '').digest('base64url')}`
}

export interface RunPageQuery {
  jobId?: string
  runId?: string
  agentId?: string
  defaultAgentId: string
  statuses?: readonly string[]
  query?: string
  /** Only runs with one of these delivery outcomes (`deliveryStatus`). */
  deliveryStatuses?: readonly string[]
  sortDir: 'asc' | 'desc'
  limit: number
  offset: number
}

export interface RunRow {
  run_id: string
  job_id: string
  job_name: string | null
  trigger: 'schedule' | 'manual' | 'catch-up'
  started_at: number
  ended_at: number
  status: 'ok' | 'error' | 'skipped'
  error: string | null
  summary: string | null
  delivery_status: 'delivered' | 'not-delivered' | 'unknown' | 'not-requested'
  delivery_error: string | null
  delivery_suppressed: 'empty' | null
  /** From the run's usage record (run_usage), when its model reported tokens. */
  session_key: string | null
  provider: string | null
  model: string | null
  input_tokens: number | null
  output_tokens: number | null
  cache_read_tokens: number | null
  cache_write_tokens: number | null
}

const RUN_FILTER = `
  r.status != 'running'
  AND ($job IS NULL OR r.job_id = $job)
  AND ($run IS NULL OR r.run_id = $run)
  AND ($agent IS NULL OR coalesce(json_extract(j.body, '$.agentId'), $defaultAgent) = $agent)
  AND ($statuses IS NULL OR r.status IN (SELECT value FROM json_each($statuses)))
  AND ($delivery IS NULL OR r.delivery_status IN (SELECT value FROM json_each($delivery)))
  AND ($query IS NULL OR instr(lower(coalesce(json_extract(j.body, '$.name'), '')), $query) > 0
       OR instr(lower(coalesce(r.summary, '')), $query) > 0 OR instr(lower(coalesce(r.error, '')), $query) > 0)`

/** Finished runs only, as the original's run log holds; a running job shows as `runningAtMs` on the job. */
export function queryRunPage(db: Db, q: RunPageQuery): { rows: RunRow[]; total: number } {
  const params = {
    job: q.jobId ?? null,
    run: q.runId ?? null,
    agent: q.agentId ?? null,
    defaultAgent: q.defaultAgentId,
    statuses: q.statuses?.length ? JSON.stringify(q.statuses) : null,
    delivery: q.deliveryStatuses?.length ? JSON.stringify(q.deliveryStatuses) : null,
    query: q.query ? q.query.toLowerCase() : null,
  }
  const from = 'FROM cron_runs r LEFT JOIN cron_jobs j ON j.id = r.job_id'
  const rows = db
    .query<RunRow, typeof params & { limit: number; offset: number }>(
      `SELECT r.*, json_extract(j.body, '$.name') AS job_name, u.session_key, u.provider, u.model, u.input_tokens, u.output_tokens,
         u.cache_read_tokens, u.cache_write_tokens
       ${from} LEFT JOIN run_usage u ON u.run_id = r.run_id WHERE ${RUN_FILTER}
       ORDER BY r.started_at ${q.sortDir === 'asc' ? 'ASC' : 'DESC'}, r.run_id LIMIT $limit OFFSET $offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset })
  const total = db.query<{ n: number }, typeof params>(`SELECT COUNT(*) AS n ${from} WHERE ${RUN_FILTER}`).get(params)!.n
  return { rows, total }
}
