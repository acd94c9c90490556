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

test("a run cut off by a restart: an announcing job's reply is not known to have gone, the others had none to send", () => {
  const db = new Database(':memory:', { strict: true })
  migrate(db)
  const store = createCronStore<{ id: string; createdAtMs: number; delivery?: { mode: string } }>(db)
  store.put({ id: 'loud', createdAtMs: 1, delivery: { mode: 'announce' } }, undefined)
  store.put({ id: 'quiet', createdAtMs: 2 }, undefined)
  store.startRun({ runId: 'cut', jobId: 'loud', trigger: 'schedule', startedAtMs: 1 })
  store.startRun({ runId: 'cut-quiet', jobId: 'quiet', trigger: 'schedule', startedAtMs: 4 })
  store.startRun({ runId: 'done', jobId: 'loud', trigger: 'schedule', startedAtMs: 2 })
  store.endRun('done', { endedAtMs: 3, status: 'ok', delivery: { status: 'delivered' } })
  const error = 'interrupted by gateway restart'
  expect(store.markInterrupted().sort((a, b) => a.startedAtMs - b.startedAtMs)).toEqual([
    { jobId: 'loud', startedAtMs: 1, error, deliveryStatus: 'unknown', deliveryError: error },
    { jobId: 'quiet', startedAtMs: 4, error, deliveryStatus: 'not-requested', deliveryError: null },
  ])
  expect(runs(db)).toEqual([
    { run_id: 'cut', delivery_status: 'unknown', delivery_error: error },
    { run_id: 'cut-quiet', delivery_status: 'not-requested', delivery_error: null },
    { run_id: 'done', delivery_status: 'delivered', delivery_error: null },
  ])
  expect(store.markInterrupted()).toEqual([])
})
