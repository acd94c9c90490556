import type { Migration } from './index.ts'

/** Cron jobs (the job as JSON plus its next due time for the scheduler) and their run log. */
export const cron003: Migration = {
  version: 3,
  name: 'cron',
  up(db) {
    db.exec(`
      CREATE TABLE cron_jobs (
        id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        next_run_at INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE cron_runs (
        run_id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        trigger TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        status TEXT NOT NULL,
        error TEXT,
        summary TEXT
      );
      CREATE INDEX cron_runs_by_job ON cron_runs(job_id, started_at DESC);
    `)
  },
}
