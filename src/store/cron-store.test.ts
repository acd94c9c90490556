import { Database } from 'bun:sqlite'
import { expect, test } from 'bun:test'
import { createCronStore } from './cron-store.ts'
import { migrate } from './db.ts'
import { cronDelivery021 } from './migrations/021-cron-delivery.ts'
import { MIGRATIONS } from './migrations/index.ts'

const runs = (db: Database) => db.query('SELECT run_id, delivery_status, delivery_error FROM cron_runs ORDER BY run_id').all()

test("runs logged before delivery was recorded: an announcing job's are unknown, the others not requested", () => {
  const db = new Database(':memory:', { strict: true })
  migrate(db, MIGRATIONS.filter((m) => m.version < cronDelivery021.version))
  const store = createCronStore<{ id: string; createdAtMs: number; delivery?: { mode: string } }>(db)
  store.put({ id: 'loud', createdAtMs: 1, delivery: { mode: 'announce' } }, undefined)
  store.put({ id: 'quiet', createdAtMs: 2 }, undefined)
  db.query("INSERT INTO cron_runs (run_id, job_id, trigger, started_at, ended_at, status) VALUES ('a', 'loud', 'schedule', 1, 2, 'ok'), ('b', 'quiet', 'schedule', 1, 2, 'ok')").run()
  migrate(db)
  expect(runs(db)).toEqual([
    { run_id: 'a', delivery_status: 'unknown', delivery_error: null },
    { run_id: 'b', delivery_status: 'not-requested', delivery_error: null },
  ])
})

test('a run cut off by a restart: whether its reply went is not known', () => {
  const db = new Database(':memory:', { strict: true })
  migrate(db)
  const store = createCronStore<{ id: string; createdAtMs: number }>(db)
  store.startRun({ runId: 'cut', jobId: 'j', trigger: 'schedule', startedAtMs: 1 })
  store.startRun({ runId: 'done', jobId: 'j', trigger: 'schedule', startedAtMs: 2 })
  store.endRun('done', { endedAtMs: 3, status: 'ok', delivery: { status: 'delivered' } })
  expect(store.markInterrupted()).toBe(1)
  expect(runs(db)).toEqual([
    { run_id: 'cut', delivery_status: 'unknown', delivery_error: 'interrupted by gateway restart' },
    { run_id: 'done', delivery_status: 'delivered', delivery_error: null },
  ])
})
