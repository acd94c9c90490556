import { Database } from 'bun:sqlite'
import { afterEach, expect, test } from 'bun:test'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import { validateConfig } from '../../src/config/load-config.ts'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { databasePath, type Db } from '../../src/store/db.ts'
import { createSessionStore } from '../../src/store/session-store.ts'
import { agentConfig, operator, startFakeModelServer } from '../helpers/agent.ts'
import { TestClient, type Frame } from '../helpers/client.ts'
import { spawnGateway, startTestGateway, tempStateDir, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway | undefined
afterEach(async () => {
  await gw?.stop()
  gw = undefined
})

const DAY = 86_400_000
const KB = 1024

type Maintenance = NonNullable<GatewayFileConfig['session']>['maintenance']

async function gatewayWith(maintenance: Maintenance) {
  return startTestGateway({ settings: { agent: resolveAgentSettings({ session: { maintenance } }, {}) } })
}

/** Sessions of `messages` messages of about `size` bytes each, last active `ageDays` ago. */
function seed(db: Db, sessions: { key: string; ageDays: number; messages: number; size: number }[]): void {
  const store = createSessionStore(db)
  for (const s of sessions) {
    const { sessionId } = store.ensure(s.key, { agentId: 'main', kind: s.key.endsWith(':main') ? 'main' : 'direct' })
    for (let i = 0; i < s.messages; i++) {
      store.append(sessionId, { role: 'user', body: { role: 'user', content: [{ type: 'text', text: `${s.key} ${i} ${'é'.repeat(s.size / 2)}` }] } })
    }
    db.query('UPDATE sessions SET updated_at = ? WHERE key = ?').run(Date.now() - s.ageDays * DAY, s.key)
  }
}

/** What the budget counts, read from the rows themselves: the UTF-8 bytes of every stored message still in a session. */
const storedBytes = (db: Database): number =>
  db.query<{ n: number }, []>('SELECT COALESCE(SUM(length(CAST(t.body AS BLOB))), 0) AS n FROM transcript_messages t JOIN sessions s ON s.session_id = t.session_id AND t.pos > s.trimmed').get()!.n
const countedBytes = (db: Db): number => db.query<{ n: number }, []>('SELECT SUM(transcript_bytes) AS n FROM sessions').get()!.n
const keysOf = (db: Db): string[] => db.query<{ key: string }, []>('SELECT key FROM sessions ORDER BY key').all().map((r) => r.key)
const changes = (c: TestClient, reason: string): string[] =>
  c.frames.filter((f) => f.event === 'sessions.changed' && f.payload.reason === reason).map((f) => f.payload.sessionKey)

test('over maxDiskBytes: the least recently active sessions go, then the main session loses its oldest messages, down to highWaterBytes', async () => {
  gw = await gatewayWith({ maxDiskBytes: '48kb', highWaterBytes: '30kb' })
  const db = gw.database
  seed(db, [
    { key: 'agent:main:main', ageDays: 0, messages: 60, size: 500 },
    { key: 'agent:main:s10', ageDays: 10, messages: 10, size: 500 },
    { key: 'agent:main:s5', ageDays: 5, messages: 10, size: 500 },
    { key: 'agent:main:waiting', ageDays: 3, messages: 10, size: 500 },
    { key: 'agent:main:s1', ageDays: 1, messages: 10, size: 500 },
  ])
  db.query("INSERT INTO run_inbox (run_id, session_key, request, accepted_at) VALUES ('r1', 'agent:main:waiting', '{}', 0)").run()
  const before = storedBytes(db)
  expect(countedBytes(db)).toBe(before)
  expect(before).toBeGreaterThan(48 * KB)
  const c = await operator(gw)
  await c.call('sessions.subscribe', {})
  const tail = await c.call('chat.history', { sessionKey: 'agent:main:main', limit: 5 })

  // A dry run only says the agent is over.
  const preview = await c.call('sessions.cleanup', { dryRun: true })
  expect(preview).toMatchObject({ wouldMutate: true, diskBudget: { totalBytesBefore: before, totalBytesAfter: before, overBudget: true, removedEntries: 0, maxBytes: 48 * KB, highWaterBytes: 30 * KB } })
  expect(keysOf(db)).toHaveLength(5)

  const done = await c.call('sessions.cleanup', {})
  expect(done).toMatchObject({ applied: true, pruned: 0, capped: 0, afterCount: 2, diskBudget: { totalBytesBefore: before, removedEntries: 3, trimmedSessions: 1, overBudget: true } })
  // Oldest first; the session with an accepted run waiting is kept whole.
  expect(changes(c, 'delete')).toEqual(['agent:main:s10', 'agent:main:s5', 'agent:main:s1'])
  expect(changes(c, 'compact')).toEqual(['agent:main:main'])
  expect(keysOf(db)).toEqual(['agent:main:main', 'agent:main:waiting'])
  // Down to the mark, and no further than one message below it; the count is the rows', cut rows swept.
  const after = storedBytes(db)
  expect(done.diskBudget.totalBytesAfter).toBe(after)
  expect(done.diskBudget.freedBytes).toBe(before - after)
  expect(after).toBeLessThanOrEqual(30 * KB)
  expect(after).toBeGreaterThan(30 * KB - 600)
  expect(countedBytes(db)).toBe(after)
  expect(db.query('SELECT COUNT(*) AS n FROM transcript_garbage').get()).toEqual({ n: 0 })

  // The main session's history pages over what is kept, the newest messages, in order.
  const kept = (await c.call('sessions.list', {})).sessions.find((s: { key: string }) => s.key === 'agent:main:main').messageCount
  expect(kept).toBeGreaterThan(20)
  expect(kept).toBeLessThan(60)
  const texts: string[] = []
  let offset: number | null = 0
  while (offset !== null) {
    const page = await c.call('chat.history', { sessionKey: 'agent:main:main', limit: 7, offset })
    expect(page.totalCount).toBe(kept)
    texts.unshift(...page.messages.map((m: { content: { text: string }[] }) => m.content[0]!.text.split(' ').slice(0, 2).join(' ')))
    offset = page.nextOffset
  }
  expect(texts).toEqual(Array.from({ length: kept }, (_, i) => `agent:main:main ${60 - kept + i}`))
  // A catch-up cursor from before the cut reloads; under the mark, a second pass changes nothing.
  const old = Buffer.from(JSON.stringify({ v: 1, sessionId: tail.sessionId, pos: 1 })).toString('base64url')
  expect(await c.call('chat.history', { sessionKey: 'agent:main:main', cursor: old })).toEqual({ kind: 'reset', sessionKey: 'agent:main:main' })
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ wouldMutate: false, diskBudget: { overBudget: false, totalBytesBefore: after } })
  c.close()
})

test('preserveRecent and activeKey keep sessions whole under the budget; mode warn only reports', async () => {
  gw = await gatewayWith({ mode: 'warn', maxDiskBytes: 20 * KB, highWaterBytes: 0, preserveRecent: '2d' })
  const db = gw.database
  seed(db, [
    { key: 'agent:main:main', ageDays: 0, messages: 20, size: 500 },
    { key: 'agent:main:old', ageDays: 9, messages: 10, size: 500 },
    { key: 'agent:main:kept', ageDays: 8, messages: 10, size: 500 },
    { key: 'agent:main:recent', ageDays: 1, messages: 10, size: 500 },
  ])
  const before = storedBytes(db)
  const c = await operator(gw)
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ mode: 'warn', wouldMutate: true, diskBudget: { overBudget: true, removedEntries: 0, highWaterBytes: 16 * KB } })
  expect(keysOf(db)).toHaveLength(4)
  const done = await c.call('sessions.cleanup', { enforce: true, activeKey: 'agent:main:kept' })
  // Only `old` may go: the main session is within preserveRecent, as is `recent`; `kept` is the active key.
  expect(done).toMatchObject({ applied: true, diskBudget: { removedEntries: 1, trimmedSessions: 0, totalBytesBefore: before } })
  expect(keysOf(db)).toEqual(['agent:main:kept', 'agent:main:main', 'agent:main:recent'])
  expect(done.diskBudget.totalBytesAfter).toBeGreaterThan(16 * KB)
  expect(countedBytes(db)).toBe(storedBytes(db))
  c.close()
})

test('a transcript byte count follows resets, deletes and compaction', async () => {
  gw = await gatewayWith({ maxDiskBytes: false })
  const db = gw.database
  seed(db, [{ key: 'agent:main:a', ageDays: 0, messages: 30, size: 300 }, { key: 'agent:main:b', ageDays: 0, messages: 5, size: 300 }])
  const c = await operator(gw)
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ diskBudget: null })
  await c.call('sessions.compact', { key: 'agent:main:a', maxLines: 10 })
  await c.call('sessions.cleanup', {})
  expect(countedBytes(db)).toBe(storedBytes(db))
  await c.call('sessions.reset', { key: 'agent:main:a' })
  await c.call('sessions.delete', { key: 'agent:main:b' })
  await c.call('sessions.cleanup', {})
  expect(db.query('SELECT COUNT(*) AS n FROM transcript_messages').get()).toEqual({ n: 0 })
  expect(countedBytes(db)).toBe(0)
  c.close()
})

test('maxDiskBytes and highWaterBytes read byte sizes as the original does', async () => {
  const budget = (maintenance: Maintenance) => resolveAgentSettings({ session: { maintenance } }, {}).maintenance.diskBudget
  expect(budget({})).toEqual({ maxBytes: 10 * 1024 ** 3, highWaterBytes: 8 * 1024 ** 3 })
  expect(budget({ maxDiskBytes: '500mb', highWaterBytes: '400MB' })).toEqual({ maxBytes: 500 * 1024 ** 2, highWaterBytes: 400 * 1024 ** 2 })
  expect(budget({ maxDiskBytes: '1.5g' })).toEqual({ maxBytes: 1.5 * 1024 ** 3, highWaterBytes: Math.floor(1.2 * 1024 ** 3) })
  expect(budget({ maxDiskBytes: 1000, highWaterBytes: '2kb' })).toEqual({ maxBytes: 1000, highWaterBytes: 1000 })
  expect(budget({ maxDiskBytes: '64kb', highWaterBytes: '0' })).toEqual({ maxBytes: 64 * KB, highWaterBytes: Math.floor(0.8 * 64 * KB) })
  for (const off of [false, 0, '0', '0mb'] as const) expect(budget({ maxDiskBytes: off })).toBeNull()
  const loaded = await validateConfig('openclaw.json', { session: { maintenance: { maxDiskBytes: '10gb', highWaterBytes: '8gb' } } })
  expect(loaded.unsupportedKeys).toEqual([])
  for (const bad of ['lots', '-1mb', '10 zb', '1e9']) {
    await expect(validateConfig('openclaw.json', { session: { maintenance: { maxDiskBytes: bad } } })).rejects.toThrow('session.maintenance.maxDiskBytes')
  }
  await expect(validateConfig('openclaw.json', { session: { maintenance: { highWaterBytes: -5 } } })).rejects.toThrow('session.maintenance.highWaterBytes')
})

test('a live edit that sets a budget applies it at once, with no restart and no cleanup call', async () => {
  gw = await gatewayWith({})
  seed(gw.database, [{ key: 'agent:main:main', ageDays: 0, messages: 40, size: 500 }])
  const c = await operator(gw)
  await c.call('sessions.subscribe', {})
  await c.call('config.set', { raw: JSON.stringify({ session: { maintenance: { maxDiskBytes: '16kb', highWaterBytes: '8kb' } } }) })
  await c.waitFor((f: Frame) => f.event === 'sessions.changed' && f.payload.reason === 'compact' && f.payload.sessionKey === 'agent:main:main', 10_000)
  const history = await c.call('chat.history', { sessionKey: 'agent:main:main', limit: 200 })
  expect(history.messages.length).toBe(history.totalCount)
  expect(history.messages.at(-1).content[0].text).toStartWith('agent:main:main 39 ')
  expect(storedBytes(gw.database)).toBeLessThanOrEqual(8 * KB)
  c.close()
})

test('a gateway process filled by real turns is trimmed to the high-water mark once a budget is set, and chat.history still pages', async () => {
  const fake = startFakeModelServer('openai', { echo: true })
  const dir = tempStateDir()
  const config = (maintenance: Maintenance) => writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(fake, 'openai', { session: { maintenance } })))
  config({})
  const proc = await spawnGateway({ stateDir: dir, args: ['--token', 'budget-token'] })
  try {
    const c = await TestClient.connect(proc.url, { token: 'budget-token' })
    const turn = async (sessionKey: string, i: number) => {
      const { runId } = await c.call('chat.send', { sessionKey, message: `${sessionKey} turn ${i} ${'x'.repeat(1000)}`, idempotencyKey: `${sessionKey}-${i}` })
      await c.waitFor((f: Frame) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'final', 10_000)
    }
    for (let i = 0; i < 12; i++) await turn('main', i)
    for (const key of ['other-1', 'other-2', 'other-3']) await turn(key, 0)
    const db = new Database(databasePath(dir), { readonly: true })
    const before = storedBytes(db)
    expect(before).toBeGreaterThan(24 * KB)
    await c.call('sessions.subscribe', {})

    config({ maxDiskBytes: '16kb', highWaterBytes: '12kb' })
    await c.waitFor((f: Frame) => f.event === 'sessions.changed' && f.payload.reason === 'compact' && f.payload.sessionKey === 'agent:main:main', 15_000)
    expect(changes(c, 'delete').sort()).toEqual(['agent:main:other-1', 'agent:main:other-2', 'agent:main:other-3'])
    expect(storedBytes(db)).toBeLessThanOrEqual(12 * KB)
    expect(storedBytes(db)).toBeGreaterThan(10 * KB)

    // Every kept message, newest last, once each, in position order, across pages.
    const seqs: number[] = []
    let offset: number | null = 0
    let total = 0
    while (offset !== null) {
      const page = await c.call('chat.history', { sessionKey: 'main', limit: 3, offset })
      total = page.totalCount
      seqs.unshift(...page.messages.map((m: { __openclaw: { seq: number } }) => m.__openclaw.seq))
      offset = page.nextOffset
    }
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => 24 - total + 1 + i))
    const last = await c.call('chat.history', { sessionKey: 'main', limit: 1 })
    expect(last.messages[0].content[0].text).toStartWith('echo: main turn 11 ')
    // The agent goes on in the cut session.
    await turn('main', 12)
    expect((await c.call('chat.history', { sessionKey: 'main', limit: 1 })).messages[0].content[0].text).toStartWith('echo: main turn 12 ')
    db.close()
    c.close()
  } finally {
    proc.proc.kill('SIGKILL')
    await proc.proc.exited
    fake.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
