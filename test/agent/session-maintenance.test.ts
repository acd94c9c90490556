import { Database } from 'bun:sqlite'
import { afterEach, expect, test } from 'bun:test'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import { validateConfig } from '../../src/config/load-config.ts'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { databasePath, migrate, openDatabase, type Db } from '../../src/store/db.ts'
import { createSessionStore } from '../../src/store/session-store.ts'
import { chatEnded, operator, runEvents, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import type { Frame, TestClient } from '../helpers/client.ts'
import { startTestGateway, tempStateDir, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
afterEach(async () => {
  await gw?.stop()
  fake?.stop()
  gw = fake = undefined
})

const DAY = 86_400_000

async function gatewayWith(maintenance: NonNullable<GatewayFileConfig['session']>['maintenance'], opts: { persistent?: boolean; intervalMs?: number } = {}) {
  const agent = resolveAgentSettings({ session: { maintenance } }, {})
  if (opts.intervalMs) agent.maintenance.intervalMs = opts.intervalMs
  return startTestGateway({ settings: { agent }, persistent: opts.persistent })
}

/** Sessions with `messages` entries each, last active `ageDays` ago. */
function seed(db: Db, sessions: { key: string; ageDays: number; messages?: number; bytes?: number }[]): void {
  const store = createSessionStore(db)
  db.transaction(() => {
    for (const s of sessions) {
      const { sessionId } = store.ensure(s.key, { agentId: 'main', kind: s.key.endsWith(':main') ? 'main' : 'direct' })
      for (let i = 0; i < (s.messages ?? 1); i++) {
        store.append(sessionId, { role: 'user', body: { role: 'user', content: [{ type: 'text', text: `${s.key} ${i} ${'x'.repeat(s.bytes ?? 0)}` }] } })
      }
      db.query('UPDATE sessions SET updated_at = ? WHERE key = ?').run(Date.now() - s.ageDays * DAY, s.key)
    }
  })()
}

const keysOf = (db: Db): string[] => db.query<{ key: string }, []>('SELECT key FROM sessions ORDER BY key').all().map((r) => r.key)

/** The `sessions.changed` deletes seen so far. */
const deletedKeys = (c: TestClient): string[] =>
  c.frames.filter((f) => f.event === 'sessions.changed' && f.payload.reason === 'delete').map((f) => f.payload.sessionKey).sort()

test('pruneAfter removes the sessions idle longer, and never a main session or one with an accepted run waiting', async () => {
  gw = await gatewayWith({ pruneAfter: '30d' })
  seed(gw.database, [
    { key: 'agent:main:main', ageDays: 90 },
    { key: 'agent:main:old-1', ageDays: 45, messages: 3 },
    { key: 'agent:main:old-2', ageDays: 31 },
    { key: 'agent:main:waiting', ageDays: 60 },
    { key: 'agent:main:recent', ageDays: 29 },
  ])
  gw.database.query("INSERT INTO run_inbox (run_id, session_key, request, accepted_at) VALUES ('r1', 'agent:main:waiting', '{}', 0)").run()
  const c = await operator(gw)
  await c.call('sessions.subscribe', {})

  const preview = await c.call('sessions.cleanup', { dryRun: true })
  expect(preview).toMatchObject({ agentId: 'main', mode: 'enforce', dryRun: true, beforeCount: 5, afterCount: 3, pruned: 2, capped: 0, wouldMutate: true })
  expect(keysOf(gw.database)).toHaveLength(5)

  const done = await c.call('sessions.cleanup', {})
  expect(done).toMatchObject({ dryRun: false, beforeCount: 5, afterCount: 3, pruned: 2, capped: 0, applied: true, storePath: databasePath(gw.stateDir) })
  expect(keysOf(gw.database)).toEqual(['agent:main:main', 'agent:main:recent', 'agent:main:waiting'])
  expect(deletedKeys(c)).toEqual(['agent:main:old-1', 'agent:main:old-2'])
  // The pruned transcripts are swept by the same pass.
  expect(gw.database.query('SELECT COUNT(*) AS n FROM transcript_messages').get()).toEqual({ n: 3 })
  expect(gw.database.query('SELECT COUNT(*) AS n FROM transcript_garbage').get()).toEqual({ n: 0 })
  c.close()
})

test('maxEntries keeps the most recently active sessions, preserveRecent protects the recent ones, and activeKey one more', async () => {
  gw = await gatewayWith({ maxEntries: 3, preserveRecent: '2d' })
  seed(gw.database, [1, 3, 4, 5, 6, 7].map((ageDays) => ({ key: `agent:main:s${ageDays}`, ageDays })))
  const c = await operator(gw)
  await c.call('sessions.subscribe', {})
  const done = await c.call('sessions.cleanup', { activeKey: 'agent:main:s7' })
  expect(done).toMatchObject({ beforeCount: 6, afterCount: 3, pruned: 0, capped: 3 })
  expect(keysOf(gw.database)).toEqual(['agent:main:s1', 'agent:main:s3', 'agent:main:s7'])

  // Within preserveRecent nothing goes, even over the cap; the edit applies by a pass of its own.
  await c.call('config.set', { raw: JSON.stringify({ session: { maintenance: { maxEntries: 1, preserveRecent: '5d' } } }) })
  await c.waitFor((f: Frame) => f.event === 'sessions.changed' && f.payload.reason === 'delete' && f.payload.sessionKey === 'agent:main:s7', 10_000)
  expect(await c.call('sessions.cleanup', { dryRun: true })).toMatchObject({ beforeCount: 2, afterCount: 2, capped: 0 })
  expect(keysOf(gw.database)).toEqual(['agent:main:s1', 'agent:main:s3'])
  c.close()
})

test('mode warn only reports; enforce applies it anyway, and a config edit to enforce applies at once', async () => {
  gw = await gatewayWith({ mode: 'warn', pruneAfter: 10 })
  seed(gw.database, [{ key: 'agent:main:a', ageDays: 11 }, { key: 'agent:main:b', ageDays: 12 }, { key: 'agent:main:c', ageDays: 1 }])
  const c = await operator(gw)
  await c.call('sessions.subscribe', {})
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ mode: 'warn', dryRun: false, pruned: 2, wouldMutate: true })
  expect(keysOf(gw.database)).toHaveLength(3)
  expect(await c.call('sessions.cleanup', { enforce: true, activeKey: 'agent:main:b' })).toMatchObject({ pruned: 1, applied: true })
  expect(keysOf(gw.database)).toEqual(['agent:main:b', 'agent:main:c'])

  // Live: the edit is applied by a pass of its own, with no restart and no cleanup call.
  await c.call('config.set', { raw: JSON.stringify({ session: { maintenance: { mode: 'enforce', pruneAfter: '10d' } } }) })
  await c.waitFor((f: Frame) => f.event === 'sessions.changed' && f.payload.reason === 'delete' && f.payload.sessionKey === 'agent:main:b', 10_000)
  expect(keysOf(gw.database)).toEqual(['agent:main:c'])
  c.close()
})

test('the periodic pass prunes with no request at all', async () => {
  gw = await gatewayWith({ pruneAfter: '1d' }, { intervalMs: 50 })
  const c = await operator(gw)
  await c.call('sessions.subscribe', {})
  seed(gw.database, [{ key: 'agent:main:stale', ageDays: 2 }, { key: 'agent:main:fresh', ageDays: 0 }])
  const deleted = await c.waitFor((f: Frame) => f.event === 'sessions.changed' && f.payload.reason === 'delete', 10_000)
  expect(deleted.payload.sessionKey).toBe('agent:main:stale')
  expect(keysOf(gw.database)).toEqual(['agent:main:fresh'])
  c.close()
})

test('a session with a turn in flight is never pruned; once the turn ends it is', async () => {
  fake = startFakeModelServer('openai', { delayMs: 800 })
  gw = await startAgentGateway({ fake, config: { session: { maintenance: { pruneAfter: '1d' } } } })
  const c = await operator(gw)
  const key = 'agent:main:busy'
  const ack = await c.call('chat.send', { sessionKey: key, message: 'hold on', idempotencyKey: 'busy-1' })
  // The turn is running (its session exists, the model is holding the reply back).
  await c.waitFor((f: Frame) => f.event === 'agent' && f.payload.runId === ack.runId && f.payload.stream === 'lifecycle' && f.payload.data.phase === 'start')
  const age = () => gw!.database.query('UPDATE sessions SET updated_at = ? WHERE key = ?').run(Date.now() - 5 * DAY, key)
  age()
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ pruned: 0, afterCount: 1 })
  expect(keysOf(gw.database)).toEqual([key])

  await runEvents(c, ack.runId, chatEnded, 10_000)
  age()
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ pruned: 1, afterCount: 0 })
  expect(keysOf(gw.database)).toEqual([])
  c.close()
})

test("a pass also deletes what other tables keep past their time: a removed session's usage, old inbox keys and cron runs", async () => {
  gw = await gatewayWith({ pruneAfter: '30d' })
  const db = gw.database
  seed(db, [{ key: 'agent:main:stale', ageDays: 45 }, { key: 'agent:main:fresh', ageDays: 1 }])
  const usage = db.query(`INSERT INTO run_usage (run_id, session_key, agent_id, provider, model, origin, status, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, model_calls, tools, started_at, ended_at) VALUES (?, ?, 'main', 'fake', 'fake-1', 'chat', 'ok', 1, 1, 0, 0, 1, '{}', ?, ?)`)
  usage.run('stale-run', 'agent:main:stale', Date.now() - 45 * DAY, Date.now() - 45 * DAY)
  usage.run('fresh-old-run', 'agent:main:fresh', Date.now() - 90 * DAY, Date.now() - 90 * DAY)
  const inbox = db.query('INSERT INTO channel_inbox (account_key, delivery_key, message, received_at, answered_at) VALUES (?, ?, NULL, ?, ?)')
  inbox.run('telegram:default', 'old', Date.now() - 8 * DAY, Date.now() - 8 * DAY)
  inbox.run('telegram:default', 'new', Date.now() - DAY, Date.now() - DAY)
  const cronRun = db.query("INSERT INTO cron_runs (run_id, job_id, trigger, started_at, ended_at, status) VALUES (?, 'j', 'schedule', ?, ?, 'ok')")
  cronRun.run('old', Date.now() - 8 * DAY, Date.now() - 8 * DAY)
  cronRun.run('new', Date.now() - DAY, Date.now() - DAY)
  const left = (table: string, column: string) => db.query<Record<string, string>, []>(`SELECT ${column} FROM ${table} ORDER BY ${column}`).all().map((r) => r[column])
  const c = await operator(gw)

  expect(await c.call('sessions.cleanup', { dryRun: true })).toMatchObject({ pruned: 1, afterCount: 1 })
  expect(left('channel_inbox', 'delivery_key')).toEqual(['new', 'old'])
  expect(left('cron_runs', 'run_id')).toEqual(['new', 'old'])
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ pruned: 1, afterCount: 1 })
  expect(left('channel_inbox', 'delivery_key')).toEqual(['new'])
  expect(left('cron_runs', 'run_id')).toEqual(['new'])
  // The pruned session's usage stays for pruneAfter after its removal; a held session keeps all of its own.
  expect(left('run_usage', 'run_id')).toEqual(['fresh-old-run', 'stale-run'])
  db.query("UPDATE retired_sessions SET retired_at = ? WHERE session_key = 'agent:main:stale'").run(Date.now() - 31 * DAY)
  await c.call('sessions.cleanup', {})
  expect(left('run_usage', 'run_id')).toEqual(['fresh-old-run'])
  c.close()
})

test('sessions.compact maxLines keeps the newest N: history pages across the cut, catch-up before it resets, after it continues', async () => {
  gw = await gatewayWith({})
  seed(gw.database, [{ key: 'agent:main:long', ageDays: 0, messages: 1000 }])
  const c = await operator(gw)
  const tail = await c.call('chat.history', { sessionKey: 'agent:main:long', limit: 10 })
  const beforeCut = tail.deltaCursor
  const mid = Buffer.from(JSON.stringify({ v: 1, sessionId: tail.sessionId, pos: 500 })).toString('base64url')
  const late = Buffer.from(JSON.stringify({ v: 1, sessionId: tail.sessionId, pos: 950 })).toString('base64url')

  expect(await c.call('sessions.compact', { key: 'agent:main:long', maxLines: 100 })).toEqual({ ok: true, key: 'agent:main:long', compacted: true, kept: 100 })
  const list = await c.call('sessions.list', {})
  expect(list.sessions[0].messageCount).toBe(100)

  const texts: string[] = []
  let offset: number | null = 0
  while (offset !== null) {
    const page = await c.call('chat.history', { sessionKey: 'agent:main:long', limit: 30, offset })
    expect(page.totalCount).toBe(100)
    texts.unshift(...page.messages.map((m: { content: { text: string }[] }) => m.content[0]!.text.trim()))
    offset = page.nextOffset
  }
  expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => `agent:main:long ${900 + i}`))

  expect(await c.call('chat.history', { sessionKey: 'agent:main:long', cursor: mid })).toEqual({ kind: 'reset', sessionKey: 'agent:main:long' })
  const delta = await c.call('chat.history', { sessionKey: 'agent:main:long', cursor: late })
  expect(delta.kind).toBe('delta')
  expect(delta.messages.map((m: { __openclaw: { seq: number } }) => m.__openclaw.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 951 + i))
  expect(await c.call('chat.history', { sessionKey: 'agent:main:long', cursor: beforeCut })).toMatchObject({ kind: 'delta', messages: [] })

  // The cut rows are deleted in the background; what is kept reads the same after.
  await c.call('sessions.cleanup', {})
  expect(gw.database.query('SELECT COUNT(*) AS n, MIN(pos) AS first FROM transcript_messages').get()).toEqual({ n: 100, first: 901 })
  const again = await c.call('chat.history', { sessionKey: 'agent:main:long', limit: 1, offset: 99 })
  expect(again.messages[0].content[0].text.trim()).toBe('agent:main:long 900')
  expect(await c.call('sessions.compact', { key: 'agent:main:long', maxLines: 500 })).toMatchObject({ compacted: false, kept: 100 })
  expect((await c.request('sessions.compact', { key: 'agent:main:long' })).error).toMatchObject({ code: 'INVALID_REQUEST' })
  c.close()
})

test('the database file shrinks after pruning: freed pages go back to the file system', async () => {
  gw = await gatewayWith({ pruneAfter: '7d' }, { persistent: true })
  const db = gw.database
  expect(db.query('PRAGMA auto_vacuum').get()).toEqual({ auto_vacuum: 2 })
  seed(db, Array.from({ length: 200 }, (_, i) => ({ key: `agent:main:s${i}`, ageDays: i < 180 ? 30 : 1, messages: 20, bytes: 2000 })))
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  const pages = () => db.query<{ page_count: number }, []>('PRAGMA page_count').get()!.page_count
  const before = { pages: pages(), bytes: statSync(databasePath(gw.stateDir)).size }
  const c = await operator(gw)
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ pruned: 180, afterCount: 20 })
  const after = { pages: pages(), free: db.query<{ freelist_count: number }, []>('PRAGMA freelist_count').get()!.freelist_count }
  expect(after.free).toBe(0)
  expect(after.pages).toBeLessThan(before.pages / 4)
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  expect(statSync(databasePath(gw.stateDir)).size).toBeLessThan(before.bytes / 4)
  c.close()
})

test('a database made before incremental vacuum is converted once when it is opened', () => {
  const dir = tempStateDir()
  mkdirSync(dirname(databasePath(dir)), { recursive: true })
  const old = new Database(databasePath(dir), { create: true, strict: true })
  old.exec('PRAGMA journal_mode = WAL')
  migrate(old)
  expect(old.query('PRAGMA auto_vacuum').get()).toEqual({ auto_vacuum: 0 })
  old.close()
  const db = openDatabase(dir)
  expect(db.query('PRAGMA auto_vacuum').get()).toEqual({ auto_vacuum: 2 })
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

test('session.maintenance keys this gateway has are accepted; the original keys it has no concept for are reported', async () => {
  const loaded = await validateConfig('openclaw.json', {
    session: { maintenance: { mode: 'warn', pruneAfter: '30d', maxEntries: 10, preserveRecent: false, archiveDashboardAfter: '7d', maxDiskBytes: '1gb', coldStorage: { enabled: true } } },
  })
  expect(loaded.unsupportedKeys.sort()).toEqual(['session.maintenance.archiveDashboardAfter', 'session.maintenance.coldStorage'])
  await expect(validateConfig('openclaw.json', { session: { maintenance: { pruneAfter: 'soon' } } })).rejects.toThrow('session.maintenance.pruneAfter')
  expect(resolveAgentSettings({ session: { maintenance: { pruneAfter: 7 } } }, {}).maintenance).toMatchObject({ mode: 'enforce', pruneAfterMs: 7 * DAY, maxEntries: 5000, preserveRecentMs: 0 })
})
