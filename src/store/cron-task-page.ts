/**
 * Cron runs as the task ledger reads them (`tasks.list`): running and finished runs of every job,
 * newest activity first, filtered by status and agent. A running run's activity is its start.
 */
import type { Db } from './db.ts'
import type { CronRunStatus } from './cron-store.ts'

export interface TaskPageQuery {
  statuses?: readonly CronRunStatus[]
  agentId?: string
  /** The agent of jobs without one. */
  defaultAgentId: string
  /** `endedAt` puts running runs last (they have not ended). */
  sortBy: 'updatedAt' | 'endedAt'
  limit: number
  offset: number
}

export interface TaskRunRow {
  run_id: string
  job_id: string
  job_name: string | null
  agent_id: string
  started_at: number
  ended_at: number | null
  status: CronRunStatus
  error: string | null
  summary: string | null
  session_key: string | null
}

const FILTER = `
  ($statuses IS NULL OR r.status IN (SELECT value FROM json_each($statuses)))
  AND ($agent IS NULL OR coalesce(json_extract(j.body, '$.agentId'), $defaultAgent) = $agent)`

/** One page, and whether another follows it (one row past the page is read to tell, never a count). */
export function queryTaskPage(db: Db, q: TaskPageQuery): { rows: TaskRunRow[]; more: boolean } {
  const params = { statuses: q.statuses ? JSON.stringify(q.statuses) : null, agent: q.agentId ?? null, defaultAgent: q.defaultAgentId }
  // Both orders walk an index (cron_runs_by_end, whose NULLs come last descending; cron_runs_by_activity).
  const order = q.sortBy === 'endedAt' ? 'r.ended_at DESC' : 'coalesce(r.ended_at, r.started_at) DESC'
  const rows = db
    .query<TaskRunRow, typeof params & { limit: number; offset: number }>(
      `SELECT r.run_id, r.job_id, r.started_at, r.ended_at, r.status, r.error, r.summary,
         json_extract(j.body, '$.name') AS job_name, coalesce(json_extract(j.body, '$.agentId'), $defaultAgent) AS agent_id, u.session_key
       FROM cron_runs r LEFT JOIN cron_jobs j ON j.id = r.job_id LEFT JOIN run_usage u ON u.run_id = r.run_id WHERE ${FILTER}
       ORDER BY ${order}, r.run_id LIMIT $limit OFFSET $offset`,
    )
    .all({ ...params, limit: q.limit + 1, offset: q.offset })
  const more = rows.length > q.limit
  return { rows: more ? rows.slice(0, q.limit) : rows, more }
}
