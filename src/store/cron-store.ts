/** Cron jobs and their run log in SQLite. Jobs are stored whole (JSON) with their next due time indexed. */
import type { Db } from './db.ts'
import { lazyStatements } from './lazy-statements.ts'

export type CronRunStatus = 'running' | 'ok' | 'error' | 'skipped'
export type CronTrigger = 'schedule' | 'manual' | 'catch-up'

export interface CronRunRecord {
  runId: string
  jobId: string
  trigger: CronTrigger
  startedAtMs: number
  endedAtMs?: number
  status: CronRunStatus
  error?: string
  summary?: string
  durationMs?: number
}

interface RunRow {
  run_id: string
  job_id: string
  trigger: CronTrigger
  started_at: number
  ended_at: number | null
  status: CronRunStatus
  error: string | null
  summary: string | null
}

/** Runs kept per job; older entries are pruned as new ones arrive. */
const RUNS_KEPT_PER_JOB = 200

const toRun = (r: RunRow): CronRunRecord => ({
  runId: r.run_id,
  jobId: r.job_id,
  trigger: r.trigger,
  startedAtMs: r.started_at,
  ...(r.ended_at !== null && { endedAtMs: r.ended_at, durationMs: r.ended_at - r.started_at }),
  status: r.status,
  ...(r.error && { error: r.error }),
  ...(r.summary && { summary: r.summary }),
})

export function createCronStore<Job extends { id: string; createdAtMs: number }>(db: Db) {
  const q = lazyStatements({
    all: () => db.query<{ body: string }, []>('SELECT body FROM cron_jobs ORDER BY created_at, id'),
    get: () => db.query<{ body: string }, [string]>('SELECT body FROM cron_jobs WHERE id = ?'),
    put: () => db.query('INSERT OR REPLACE INTO cron_jobs (id, body, next_run_at, created_at) VALUES (?, ?, ?, ?)'),
    remove: () => db.query('DELETE FROM cron_jobs WHERE id = ?'),
    removeRuns: () => db.query('DELETE FROM cron_runs WHERE job_id = ?'),
    startRun: () => db.query('INSERT INTO cron_runs (run_id, job_id, trigger, started_at, status) VALUES (?, ?, ?, ?, ?)'),
    endRun: () => db.query('UPDATE cron_runs SET ended_at = ?, status = ?, error = ?, summary = ? WHERE run_id = ?'),
    prune: () => db.query(
      'DELETE FROM cron_runs WHERE job_id = ?1 AND run_id NOT IN (SELECT run_id FROM cron_runs WHERE job_id = ?1 ORDER BY started_at DESC LIMIT ?2)',
    ),
    runs: () => db.query<RunRow, [string | null, string | null, string | null, number, number]>(
      `SELECT * FROM cron_runs WHERE (?1 IS NULL OR job_id = ?1) AND (?2 IS NULL OR run_id = ?2) AND (?3 IS NULL OR status = ?3)
       ORDER BY started_at DESC LIMIT ?4 OFFSET ?5`,
    ),
    countRuns: () => db.query<{ n: number }, [string | null, string | null, string | null]>(
      'SELECT COUNT(*) AS n FROM cron_runs WHERE (?1 IS NULL OR job_id = ?1) AND (?2 IS NULL OR run_id = ?2) AND (?3 IS NULL OR status = ?3)',
    ),
    /** A run still marked running at startup was cut off by a crash or stop. */
    interrupted: () => db.query("UPDATE cron_runs SET status = 'error', error = 'interrupted by gateway restart', ended_at = started_at WHERE status = 'running'"),
  })

  return {
    list: (): Job[] => q.all.all().map((r) => JSON.parse(r.body) as Job),
    get(id: string): Job | null {
      const row = q.get.get(id)
      return row ? (JSON.parse(row.body) as Job) : null
    },
    put: (job: Job, nextRunAtMs: number | undefined) => void q.put.run(job.id, JSON.stringify(job), nextRunAtMs ?? null, job.createdAtMs),
    remove(id: string): boolean {
      const changed = q.remove.run(id).changes > 0
      q.removeRuns.run(id)
      return changed
    },
    startRun(run: { runId: string; jobId: string; trigger: CronTrigger; startedAtMs: number }): void {
      q.startRun.run(run.runId, run.jobId, run.trigger, run.startedAtMs, 'running')
      q.prune.run(run.jobId, RUNS_KEPT_PER_JOB)
    },
    endRun: (runId: string, end: { endedAtMs: number; status: CronRunStatus; error?: string; summary?: string }) =>
      void q.endRun.run(end.endedAtMs, end.status, end.error ?? null, end.summary ?? null, runId),
    runs(filter: { jobId?: string; runId?: string; status?: string }, limit: number, offset: number): { entries: CronRunRecord[]; total: number } {
      const args = [filter.jobId ?? null, filter.runId ?? null, filter.status ?? null] as const
      return { entries: q.runs.all(...args, limit, offset).map(toRun), total: q.countRuns.get(...args)!.n }
    },
    markInterrupted: () => q.interrupted.run().changes,
  }
}

export type CronStore<Job extends { id: string; createdAtMs: number }> = ReturnType<typeof createCronStore<Job>>
