import type { Migration } from './index.ts'

/**
 * `tasks.list` pages cron runs newest activity first (a finished run's end, a running run's start):
 * this index lets it read one page in that order instead of sorting the whole run log each call.
 */
export const cronRunsByActivity023: Migration = {
  version: 23,
  name: 'cron-runs-by-activity',
  up(db) {
    db.exec('CREATE INDEX cron_runs_by_activity ON cron_runs(coalesce(ended_at, started_at))')
  },
}
