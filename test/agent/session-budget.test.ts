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
import { spawnGateway, startTestGateway, tempStateDir, type SpawnedGateway, type TestGateway } from '../helpers/gateway.ts'

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

test('over maxDiskBytes in enforce mode: the cut rows waiting are swept, and no live session is removed or cut, the main session included', async () => {
  gw = await gatewayWith({ maxDiskBytes: '48kb', highWaterBytes: '30kb' })
  const db = gw.database
  seed(db, [
    { key: 'agent:main:main', ageDays: 0, messages: 70, size: 500 },
    { key: 'agent:main:s10', ageDays: 10, messages: 10, size: 500 },
    { key: 'agent:main:s5', ageDays: 5, messages: 10, size: 500 },
    { key: 'agent:main:s1', ageDays: 1, messages: 10, size: 500 },
  ])
  // The oldest 8 messages of s10 cut and waiting to be swept, as sessions.compact leaves them (its own
  // pass would sweep them first): they are counted until they go.
  db.query('UPDATE sessions SET trimmed = 8 WHERE key = ?').run('agent:main:s10')
  db.query('INSERT INTO transcript_garbage (session_id, through_pos) SELECT session_id, 8 FROM sessions WHERE key = ?').run('agent:main:s10')
  const c = await operator(gw)
  const before = countedBytes(db)
  expect(before).toBeGreaterThan(48 * KB)
  expect(before).toBeGreaterThan(storedBytes(db))
  await c.call('sessions.subscribe', {})

  // A dry run only says the agent is over.
  const preview = await c.call('sessions.cleanup', { dryRun: true })
  expect(preview).toMatchObject({ wouldMutate: false, diskBudget: { totalBytesBefore: before, totalBytesAfter: before, freedBytes: 0, overBudget: true, removedEntries: 0, maxBytes: 48 * KB, highWaterBytes: 30 * KB } })
  expect(preview.diskBudget).not.toHaveProperty('trimmedSessions')

  const done = await c.call('sessions.cleanup', {})
  const after = storedBytes(db)
  expect(done).toMatchObject({
    applied: true, pruned: 0, capped: 0, beforeCount: 4, afterCount: 4, wouldMutate: false,
    diskBudget: { totalBytesBefore: before, totalBytesAfter: after, freedBytes: before - after, removedEntries: 0, overBudget: true },
  })
  // Still over the budget: what is left is live, and stays.
  expect(after).toBeGreaterThan(48 * KB)
  expect(keysOf(db)).toEqual(['agent:main:main', 'agent:main:s1', 'agent:main:s10', 'agent:main:s5'])
  expect(countedBytes(db)).toBe(after)
  expect(db.query('SELECT COUNT(*) AS n FROM transcript_garbage').get()).toEqual({ n: 0 })
  expect(c.frames.filter((f) => f.event === 'sessions.changed')).toEqual([])
  const main = await c.call('chat.history', { sessionKey: 'agent:main:main', limit: 200 })
  expect(main.totalCount).toBe(70)
  expect(main.messages[0].content[0].text).toStartWith('agent:main:main 0 ')
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ diskBudget: { totalBytesBefore: after, totalBytesAfter: after, freedBytes: 0, overBudget: true } })
  c.close()
})

test('mode warn only reports the agent over maxDiskBytes; enforce with preserveRecent and activeKey removes no session for it', async () => {
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
  expect(await c.call('sessions.cleanup', {})).toMatchObject({ mode: 'warn', wouldMutate: false, diskBudget: { overBudget: true, totalBytesAfter: before, removedEntries: 0, highWaterBytes: 16 * KB } })
  expect(keysOf(db)).toHaveLength(4)
  const done = await c.call('sessions.cleanup', { enforce: true, activeKey: 'agent:main:kept' })
  expect(done).toMatchObject({ applied: true, afterCount: 4, diskBudget: { removedEntries: 0, totalBytesBefore: before, totalBytesAfter: before, overBudget: true } })
  expect(keysOf(db)).toEqual(['agent:main:kept', 'agent:main:main', 'agent:main:old', 'agent:main:recent'])
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

test('a gateway process filled by real turns, then given a tiny budget, keeps every session whole and warns that it is still over', async () => {
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

    // The edit is applied live: a pass runs at once and, with nothing to sweep, says the agent is still over.
    config({ maxDiskBytes: '16kb', highWaterBytes: '12kb' })
    const warned = await logLine(proc, 'session.maintenance.maxDiskBytes: still over after cleanup', 15_000)
    expect(warned).toContain(`agent main: ${before} bytes of transcripts, maxDiskBytes ${16 * KB}`)
    expect(warned).toContain('raise maxDiskBytes or delete sessions you no longer need')
    expect(storedBytes(db)).toBe(before)
    const keys = (await c.call('sessions.list', {})).sessions.map((s: { key: string }) => s.key).sort()
    expect(keys).toEqual(['agent:main:main', 'agent:main:other-1', 'agent:main:other-2', 'agent:main:other-3'])
    expect((await c.call('chat.history', { sessionKey: 'main', limit: 100 })).totalCount).toBe(24)
    expect(await c.call('sessions.cleanup', {})).toMatchObject({
      applied: true, afterCount: 4, diskBudget: { totalBytesBefore: before, totalBytesAfter: before, removedEntries: 0, freedBytes: 0, maxBytes: 16 * KB, highWaterBytes: 12 * KB, overBudget: true },
    })
    db.close()
    c.close()
  } finally {
    proc.proc.kill('SIGKILL')
    await proc.proc.exited
    fake.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)

/** The first line of the gateway's output holding `text`, once it is written. */
async function logLine(proc: SpawnedGateway, text: string, ms: number): Promise<string> {
  const deadline = Date.now() + ms
  for (;;) {
    const line = proc.output().split('\n').find((l) => l.includes(text))
    if (line) return line
    if (Date.now() > deadline) throw new Error(`no log line with "${text}" after ${ms} ms:\n${proc.output()}`)
    await Bun.sleep(20)
  }
}
