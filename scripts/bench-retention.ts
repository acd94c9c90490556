/**
 * Retention benchmark (a script, not a test): a gateway over a large seeded database, most of it past
 * `session.maintenance.pruneAfter`, runs one maintenance pass (what `sessions.cleanup` runs) while clients keep
 * turns going against a fake model. Prints:
 *   1. how long each maintenance batch held the database (p50 / p99 / max; the event loop is blocked
 *      for exactly that long, so it is what a waiting turn can lose)
 *   2. `chat.send` → final of the turns running meanwhile, against the same turns with no pass running
 *   3. the database file before and after (pages, bytes), and how long the whole pass took
 * Usage: bun scripts/bench-retention.ts [--sessions 20000] [--messages 10] [--long 100000] [--clients 10]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveAgentSettings } from '../src/config/agent-settings.ts'
import { databasePath, openDatabase, type Db } from '../src/store/db.ts'
import { groupCommit } from '../src/store/group-commit.ts'
import { createSessionRetention } from '../src/store/session-retention.ts'
import { agentConfig, startFakeModelServer } from '../test/helpers/agent.ts'
import { TestClient } from '../test/helpers/client.ts'
import { startTestGateway } from '../test/helpers/gateway.ts'

const { values } = parseArgs({ options: { sessions: { type: 'string' }, messages: { type: 'string' }, long: { type: 'string' }, clients: { type: 'string' } } })
const SESSIONS = Number(values.sessions ?? 20_000)
const MESSAGES = Number(values.messages ?? 10)
const LONG = Number(values.long ?? 100_000)
const CLIENTS = Number(values.clients ?? 10)
/** Sessions idle past pruneAfter; the rest stay. */
const STALE_SHARE = 0.8
const DAY = 86_400_000

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN
const fmt = (ms: number) => `${ms.toFixed(2)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function seed(dir: string): void {
  const db = openDatabase(dir)
  const now = Date.now()
  const session = db.query('INSERT INTO sessions (key, session_id, agent_id, kind, channel, label, created_at, updated_at, message_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const message = db.query('INSERT INTO transcript_messages (id, session_id, run_id, role, body, ts, pos) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const text = 'lorem ipsum dolor sit amet '.repeat(12)
  db.transaction(() => {
    for (let i = 0; i < SESSIONS; i++) {
      const sid = crypto.randomUUID()
      const at = i < SESSIONS * STALE_SHARE ? now - 40 * DAY - i * 1000 : now - i * 1000
      session.run(`agent:main:telegram:direct:${i}`, sid, 'main', 'direct', 'telegram', null, at, at, MESSAGES)
      for (let n = 0; n < MESSAGES; n++) {
        const role = n % 2 ? 'assistant' : 'user'
        message.run(crypto.randomUUID(), sid, `r${i}`, role, JSON.stringify({ role, content: [{ type: 'text', text: `${i}/${n} ${text}` }], timestamp: at }), at, n + 1)
      }
    }
    // One very long transcript, idle for two months: its sweep is the biggest single piece of work.
    const longId = crypto.randomUUID()
    session.run('agent:main:telegram:direct:long', longId, 'main', 'direct', 'telegram', null, now - 60 * DAY, now - 60 * DAY, LONG)
    for (let i = 0; i < LONG; i++) {
      const role = i % 2 ? 'assistant' : 'user'
      message.run(crypto.randomUUID(), longId, `long${i >> 1}`, role, JSON.stringify({ role, content: [{ type: 'text', text: `entry ${i} ${text}` }], timestamp: now }), now - 60 * DAY, i + 1)
    }
  })()
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
}

/** Pages and bytes once everything written is in the database file (the open batch committed, the WAL copied back). */
function fileSize(db: Db, file: string): { pages: number; free: number; bytes: number } {
  groupCommit(db).flush()
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  const size = createSessionRetention(db).size()
  return { pages: size.pages, free: size.freePages, bytes: statSync(file).size }
}

/** `clients` loops of `chat.send` → final on their own sessions until `until` settles; each turn's latency. */
async function turnsUntil(clients: TestClient[], until: Promise<unknown>): Promise<number[]> {
  let done = false
  void until.finally(() => (done = true))
  const times: number[] = []
  await Promise.all(clients.map(async (c, n) => {
    for (let i = 0; !done; i++) {
      const began = performance.now()
      const runId = crypto.randomUUID()
      c.sendRaw(JSON.stringify({ type: 'req', id: runId, method: 'chat.send', params: { sessionKey: `agent:main:bench-${n}-${i % 20}`, message: `turn ${i}`, idempotencyKey: runId } }))
      await c.waitFor((f) => f.event === 'chat' && f.payload?.runId === runId && f.payload.state === 'final', 60_000)
      times.push(performance.now() - began)
      c.frames.length = 0
    }
  }))
  return times
}

const dir = mkdtempSync(join(tmpdir(), 'openclaw-bench-retention-'))
const fake = startFakeModelServer('openai')
try {
  const seedStart = performance.now()
  seed(dir)
  console.log(`seeded ${SESSIONS} sessions × ${MESSAGES} messages (${Math.round(STALE_SHARE * 100)} % idle past pruneAfter) and one ${LONG}-entry idle transcript in ${fmt(performance.now() - seedStart)}`)

  const agent = resolveAgentSettings(agentConfig(fake, 'openai', { session: { maintenance: { pruneAfter: '30d', maxEntries: SESSIONS * 2 } } }), {})
  const gw = await startTestGateway({ settings: { agent }, stateDir: dir, persistent: true })
  const before = fileSize(gw.database, databasePath(dir))
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => TestClient.connect(gw.url, { token: gw.token })))

  const baseline = await turnsUntil(clients, Bun.sleep(3000))
  const maintenance = gw.runtime.services.maintenance
  maintenance.takeBatchTimes()
  const passStart = performance.now()
  const pass = maintenance.cleanup({ agentIds: ['main'] }).then((s) => s[0]!)
  const during = await turnsUntil(clients, pass)
  const summary = await pass
  const passMs = performance.now() - passStart
  const batches = maintenance.takeBatchTimes()
  const after = fileSize(gw.database, databasePath(dir))
  for (const c of clients) c.close()
  await gw.stop()

  console.log(`pass: ${summary.pruned} sessions pruned, ${summary.afterCount} kept, in ${(passMs / 1000).toFixed(1)} s over ${batches.length} batches`)
  console.log(`one maintenance batch holds the database: p50 ${fmt(pct(batches, 50))}, p99 ${fmt(pct(batches, 99))}, max ${fmt(Math.max(...batches))} (budget per batch 4 ms plus one statement)`)
  console.log(`chat.send → final, ${CLIENTS} clients, no pass running: p50 ${fmt(pct(baseline, 50))}, p99 ${fmt(pct(baseline, 99))} (${baseline.length} turns)`)
  console.log(`chat.send → final, ${CLIENTS} clients, during the pass:     p50 ${fmt(pct(during, 50))}, p99 ${fmt(pct(during, 99))} (${during.length} turns)`)
  console.log(`database file: before ${mb(before.bytes)} (${before.pages} pages), after ${mb(after.bytes)} (${after.pages} pages, ${after.free} free)`)
} finally {
  await fake.stop()
  rmSync(dir, { recursive: true, force: true })
}
