/** Cron jobs and their run log in SQLite. Jobs are stored whole (JSON) with their next due time indexed. */
import type { Db } from './db.ts'
import { lazyStatements } from './lazy-statements.ts'
import { jobsRevision, queryJobPage, queryRunPage, type JobPageQuery, type RunPageQuery } from './cron-pages.ts'
import { queryTaskPage, type TaskPageQuery } from './cron-task-page.ts'

export type CronRunStatus = 'running' | 'ok' | 'error' | 'skipped'
export type CronTrigger = 'schedule' | 'manual' | 'catch-up'

/** A run's delivery outcome (migration 021): the original's `deliveryStatus`, its error, and why a reply was not sent on purpose. */
export interface CronRunDelivery {
  status: 'delivered' | 'not-delivered' | 'unknown' | 'not-requested'
  error?: string
  suppressed?: 'empty'
}

/**
 * Runs kept per job, as the original caps its run history; older entries are pruned as new ones
 * arrive. Runs past seven days go in session maintenance (table-retention.ts).
 */
const RUNS_KEPT_PER_JOB = 2000

/** In a statement on `cron_runs`: the run's job announces its reply. */
const ANNOUNCES = `(SELECT json_extract(body, '$.delivery.mode') FROM cron_jobs WHERE id = cron_runs.job_id) = 'announce'`

/** A run cut off by a restart, as `markInterrupted` logged it. */
interface InterruptedRun {
  jobId: string
  startedAtMs: number
  error: string
  deliveryStatus: 'unknown' | 'not-requested'
  deliveryError: string | null
}

export function createCronStore<Job extends { id: string; createdAtMs: number }>(db: Db) {
  const q = lazyStatements({
    all: () => db.query<{ body: string }, []>('SELECT body FROM cron_jobs ORDER BY created_at, id'),
    get: () => db.query<{ body: string }, [string]>('SELECT body FROM cron_jobs WHERE id = ?'),
    put: () => db.query('INSERT OR REPLACE INTO cron_jobs (id, body, next_run_at, created_at) VALUES (?, ?, ?, ?)'),
    remove: () => db.query('DELETE FROM cron_jobs WHERE id = ?'),
    removeRuns: () => db.query('DELETE FROM cron_runs WHERE job_id = ?'),
    startRun: () => db.query('INSERT INTO cron_runs (run_id, job_id, trigger, started_at, status) VALUES (?, ?, ?, ?, ?)'),
    endRun: () => db.query(
      'UPDATE cron_runs SET ended_at = ?, status = ?, error = ?, summary = ?, delivery_status = ?, delivery_error = ?, delivery_suppressed = ? WHERE run_id = ?',
    ),
    // The run at the cap's edge is found by the index; only what is past it is visited.
    prune: () => db.query(
      `DELETE FROM cron_runs WHERE job_id = ?1
       AND started_at <= (SELECT started_at FROM cron_runs WHERE job_id = ?1 ORDER BY started_at DESC LIMIT 1 OFFSET ?2)`,
    ),
    /**
     * A run still marked running at startup was cut off by a crash or stop: whether an announcing job's
     * reply went is not known; a job that does not announce had none to send (as migration 021 says).
     */
    interrupted: () => db.query<InterruptedRun, [string]>(
      `UPDATE cron_runs SET status = 'error', error = ?1, ended_at = started_at,
         delivery_status = CASE WHEN ${ANNOUNCES} THEN 'unknown' ELSE 'not-requested' END,
         delivery_error = CASE WHEN ${ANNOUNCES} THEN ?1 END
       WHERE status = 'running'
       RETURNING job_id AS jobId, started_at AS startedAtMs, error, delivery_status AS deliveryStatus, delivery_error AS deliveryError`,
    ),
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
    endRun: (runId: string, end: { endedAtMs: number; status: CronRunStatus; error?: string; summary?: string; delivery: CronRunDelivery }) =>
      void q.endRun.run(end.endedAtMs, end.status, end.error ?? null, end.summary ?? null, end.delivery.status, end.delivery.error ?? null, end.delivery.suppressed ?? null, runId),
    jobPage: (q: JobPageQuery) => queryJobPage(db, q),
    revision: () => jobsRevision(db),
    runPage: (q: RunPageQuery) => queryRunPage(db, q),
    taskPage: (q: TaskPageQuery) => queryTaskPage(db, q),
    /** Logs the runs a restart cut off as errors; returns them (their jobs' state follows). */
    markInterrupted: (): InterruptedRun[] => q.interrupted.all('interrupted by gateway restart'),
  }
}

export type CronStore<Job extends { id: string; createdAtMs: number }> = ReturnType<typeof createCronStore<Job>>
