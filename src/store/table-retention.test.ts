import { expect, test } from 'bun:test'
import { Database } from 'bun:sqlite'
import { migrate, openDatabase, type Db } from './db.ts'
import { MIGRATIONS } from './migrations/index.ts'
import { createChannelInboxStore } from './channel-inbox-store.ts'
import { createCronStore } from './cron-store.ts'
import { createPairingStore } from './pairing-store.ts'
import { createSessionStateStore } from './session-state-store.ts'
import { createSessionStore } from './session-store.ts'
import { createTableRetention } from './table-retention.ts'
import { createUsageStore } from './usage-store.ts'

const DAY = 86_400_000
const NOW = Date.now()
const count = (db: Db, sql: string) => db.query<{ n: number }, []>(`SELECT COUNT(*) AS n FROM ${sql}`).get()!.n

/** Runs the sweep as maintenance does, a few rows a call, until it finds fewer than asked. */
function sweepAll(db: Db, usageBefore: number): number {
  const tables = createTableRetention(db)
  let total = 0
  for (let n = 3; n === 3; total += n) n = tables.sweep(3, usageBefore, NOW)
  return total
}

function usageRow(sessionKey: string, runId: string, endedAt: number) {
  return {
    runId, sessionKey, agentId: 'main', provider: 'fake', model: 'fake-1', origin: 'chat', status: 'ok',
    input: 10, output: 2, cacheRead: 0, cacheWrite: 0, modelCalls: 1, tools: {}, startedAt: endedAt - 100, endedAt,
  }
}

test("run usage stays while its session does; a removed session's goes pruneAfter after the removal, in batches", () => {
  const db = openDatabase(':memory:')
  const sessions = createSessionStore(db)
  const usage = createUsageStore(db)
  for (const key of ['agent:main:held', 'agent:main:gone-long-ago', 'agent:main:gone-lately', 'agent:main:back']) {
    sessions.ensure(key, { agentId: 'main', kind: 'direct' })
  }
  // Old runs everywhere: a held session keeps all of its own, however old.
  for (let i = 0; i < 7; i++) usage.record(usageRow('agent:main:held', `held-${i}`, NOW - 90 * DAY))
  for (let i = 0; i < 7; i++) usage.record(usageRow('agent:main:gone-long-ago', `long-${i}`, NOW - 90 * DAY))
  usage.record(usageRow('agent:main:gone-lately', 'lately', NOW - 90 * DAY))
  usage.record(usageRow('agent:main:back', 'back-old', NOW - 90 * DAY))
  for (const key of ['agent:main:gone-long-ago', 'agent:main:gone-lately', 'agent:main:back']) sessions.delete(key)
  expect(count(db, 'retired_sessions')).toBe(3)
  // Two of them were removed 40 days ago (a test cannot wait 30 days); the third today.
  db.query("UPDATE retired_sessions SET retired_at = ? WHERE session_key != 'agent:main:gone-lately'").run(NOW - 40 * DAY)
  // A session under a removed key again: its own run, after the removal, stays.
  sessions.ensure('agent:main:back', { agentId: 'main', kind: 'direct' })
  usage.record(usageRow('agent:main:back', 'back-new', NOW))

  sweepAll(db, NOW - 30 * DAY)
  const left = db.query<{ run_id: string }, []>('SELECT run_id FROM run_usage ORDER BY run_id').all().map((r) => r.run_id)
  expect(left).toEqual(['back-new', 'held-0', 'held-1', 'held-2', 'held-3', 'held-4', 'held-5', 'held-6', 'lately'])
  expect(db.query('SELECT session_key FROM retired_sessions').all()).toEqual([{ session_key: 'agent:main:gone-lately' }])
})

test('usage left by sessions removed before retention existed counts as retired at its last run', () => {
  const db = new Database(':memory:', { strict: true })
  migrate(db, MIGRATIONS.filter((m) => m.version < 16))
  const usage = createUsageStore(db)
  createSessionStore(db).ensure('agent:main:held', { agentId: 'main', kind: 'direct' })
  usage.record(usageRow('agent:main:held', 'held', NOW - 90 * DAY))
  usage.record(usageRow('agent:main:orphan', 'orphan-1', NOW - 90 * DAY))
  usage.record(usageRow('agent:main:orphan', 'orphan-2', NOW - 60 * DAY))
  migrate(db)
  expect(db.query('SELECT * FROM retired_sessions').all()).toEqual([{ session_key: 'agent:main:orphan', retired_at: NOW - 60 * DAY }])
  sweepAll(db, NOW - 30 * DAY)
  expect(db.query('SELECT run_id FROM run_usage').all()).toEqual([{ run_id: 'held' }])
})

test('a removed session takes its /model pick and token counts with it', () => {
  const db = openDatabase(':memory:')
  const sessions = createSessionStore(db)
  const state = createSessionStateStore(db)
  for (const key of ['agent:main:a', 'agent:main:b']) {
    sessions.ensure(key, { agentId: 'main', kind: 'direct' })
    state.setModel(key, 'fake/fake-2')
    state.addUsage(key, 5, 1)
  }
  sessions.delete('agent:main:a')
  expect(state.get('agent:main:a')).toEqual({ inputTokens: 0, outputTokens: 0 })
  expect(state.get('agent:main:b')).toEqual({ model: 'fake/fake-2', inputTokens: 5, outputTokens: 1 })
})

test('channel inbox keys are remembered a week, unanswered messages until answered; cron runs are kept a week, and at most 2000 per job', () => {
  const db = openDatabase(':memory:')
  let now = NOW - 8 * DAY
  const inbox = createChannelInboxStore(db, () => now)
  inbox.keep('telegram:default', 'old', { text: 'old' })
  inbox.answered('telegram:default', 'old')
  inbox.keep('telegram:default', 'old-pending', { text: 'never answered' })
  now = NOW - DAY
  inbox.keep('telegram:default', 'recent', { text: 'recent' })
  inbox.answered('telegram:default', 'recent')

  const cron = createCronStore<{ id: string; createdAtMs: number }>(db)
  const run = (runId: string, jobId: string, at: number, ended = true) => {
    cron.startRun({ runId, jobId, trigger: 'schedule', startedAtMs: at })
    if (ended) cron.endRun(runId, { endedAtMs: at + 1000, status: 'ok', delivery: { status: 'not-requested' } })
  }
  run('old', 'j1', NOW - 8 * DAY)
  run('recent', 'j1', NOW - DAY)
  run('old-still-running', 'j1', NOW - 8 * DAY, false)

  sweepAll(db, 0)
  // A message never answered (its account down for more than a week) stays until it is.
  expect(db.query('SELECT delivery_key FROM channel_inbox ORDER BY delivery_key').all()).toEqual([{ delivery_key: 'old-pending' }, { delivery_key: 'recent' }])
  expect(inbox.pending('telegram:default')).toEqual([{ message: { text: 'never answered' }, acknowledged: false }])
  // A redelivery of the remembered key is still recognised.
  expect(inbox.keep('telegram:default', 'recent', { text: 'recent' })).toBe(false)
  // Once answered, its key goes with the next pass (it arrived more than a week ago).
  now = NOW
  inbox.answered('telegram:default', 'old-pending')
  sweepAll(db, 0)
  expect(db.query('SELECT delivery_key FROM channel_inbox').all()).toEqual([{ delivery_key: 'recent' }])
  expect(db.query('SELECT run_id FROM cron_runs ORDER BY run_id').all()).toEqual([{ run_id: 'old-still-running' }, { run_id: 'recent' }])

  db.transaction(() => {
    for (let i = 0; i < 2005; i++) run(`j2-${String(i).padStart(4, '0')}`, 'j2', NOW - 2005 * 1000 + i * 1000)
  })()
  const kept = db.query<{ n: number; first: string }, []>("SELECT COUNT(*) AS n, MIN(run_id) AS first FROM cron_runs WHERE job_id = 'j2'").get()
  expect(kept).toEqual({ n: 2000, first: 'j2-0005' })
})

test('a device role keeps its live tokens and only its newest revoked one, however often it is rotated', () => {
  const db = openDatabase(':memory:')
  let now = NOW
  const pairing = createPairingStore(db, () => now++)
  pairing.approveDevice({ deviceId: 'd1', publicKey: 'k1', roles: ['operator'], scopes: ['operator.read'], approvedVia: 'test' })
  let first = ''
  for (let i = 0; i < 50; i++) {
    const { token } = pairing.rotateToken('d1', 'operator', ['operator.read'])
    first ||= token
  }
  const { token: issued } = pairing.issueToken('d1', 'operator', ['operator.read'])
  expect(count(db, 'device_tokens WHERE revoked_at IS NULL')).toBe(2)
  expect(count(db, 'device_tokens WHERE revoked_at IS NOT NULL')).toBe(1)
  expect(pairing.verifyToken(first)).toBeNull()
  expect(pairing.verifyToken(issued)).toMatchObject({ deviceId: 'd1', role: 'operator' })

  const revokedAtMs = pairing.revokeTokens('d1', 'operator')
  expect(count(db, 'device_tokens')).toBe(1)
  expect(pairing.tokenSummaries('d1')).toEqual([expect.objectContaining({ role: 'operator', revokedAtMs })])
  expect(pairing.verifyToken(issued)).toBeNull()
})
