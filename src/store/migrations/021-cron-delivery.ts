import type { Migration } from './index.ts'

/**
 * Each cron run's delivery outcome, as the original's run log records it: `delivery_status` is
 * `delivered`, `not-delivered`, `unknown` or `not-requested`, with the delivery's error and, for a
 * reply deliberately not sent, the reason (`empty`). Runs logged before this did not record it: those of
 * a job that announces are `unknown`, the rest were never to be delivered.
 */
export const cronDelivery021: Migration = {
  version: 21,
  name: 'cron-delivery',
  up(db) {
    db.exec(`
      ALTER TABLE cron_runs ADD COLUMN delivery_status TEXT NOT NULL DEFAULT 'not-requested';
      ALTER TABLE cron_runs ADD COLUMN delivery_error TEXT;
      ALTER TABLE cron_runs ADD COLUMN delivery_suppressed TEXT;
      UPDATE cron_runs SET delivery_status = 'unknown'
        WHERE job_id IN (SELECT id FROM cron_jobs WHERE json_extract(body, '$.delivery.mode') = 'announce');
    `)
  },
}
