/**
 * Retention benchmark (a script, not a test): a gateway over a large seeded database, most of it past
 * `session.maintenance.pruneAfter` (sessions and transcripts, and beside them the run usage of sessions
 * removed long ago, answered channel inbox keys and cron runs older than a week), runs one maintenance
 * pass (what `sessions.cleanup` runs) while clients keep turns going against a fake model. Prints:
 *   1. how long each maintenance batch held the database (p50 / p99 / max; the event loop is blocked
 *      for exactly that long, so it is what a waiting turn can lose)
 *   2. `chat.send` → first delta and → final of the turns running meanwhile, against the same turns with
 *      no pass running (5 s before it and 5 s after): one turn at a time, or `--clients` at once; and the
 *      gaps between 1 ms timer ticks (how long anything on the event loop could have waited)
 *   3. the database file before and after (pages, bytes), what each table holds, and how long the pass took
 * Usage: bun scripts/bench-retention.ts [--sessions 20000] [--messages 10] [--long 100000] [--clients 1] [--rows 100000]
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

const { values } = parseArgs({ options: { sessions: { type: 'string' }, messages: { type: 'string' }, long: { type: 'string' }, clients: { type: 'string' }, rows: { type: 'string' } } })
const SESSIONS = Number(values.sessions ?? 20_000)
const MESSAGES = Number(values.messages ?? 10)
const LONG = Number(values.long ?? 100_000)
/** 1: one turn at a time, the figure the turn-latency target is set for. */
const CLIENTS = Number(values.clients ?? 1)
/** Rows past their time in each of run_usage, channel_inbox and cron_runs (and a tenth as many within it). */
const ROWS = Number(values.rows ?? 100_000)
/** Turns measured with no pass running, before the pass and again after it. */
const QUIET_MS = 5000
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
    seedTables(db, now)
    db.exec('UPDATE sessions SET transcript_bytes = (SELECT SUM(length(CAST(body AS BLOB))) FROM transcript_messages t WHERE t.session_id = sessions.session_id)')
  })()
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
}

/** Past their time: usage of sessions removed 40 days ago (their runs before that), inbox keys and cron runs 8+ days old; a tenth of each is recent and stays. */
function seedTables(db: Db, now: number): void {
  const usage = db.query(`INSERT INTO run_usage (run_id, session_key, agent_id, provider, model, channel, origin, status, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, model_calls, tools, started_at, ended_at) VALUES (?, ?, 'main', 'fake', 'fake-1', 'telegram', 'channel', 'ok', 900, 120, 0, 0, 1, '{}', ?, ?)`)
  const retired = db.query('INSERT OR IGNORE INTO retired_sessions (session_key, retired_at) VALUES (?, ?)')
  const inbox = db.query("INSERT INTO channel_inbox (account_key, delivery_key, message, received_at, answered_at) VALUES ('telegram:default', ?, NULL, ?, ?)")
  const cron = db.query("INSERT INTO cron_runs (run_id, job_id, trigger, started_at, ended_at, status, summary) VALUES (?, ?, 'schedule', ?, ?, 'ok', 'done')")
  for (let i = 0; i < ROWS * 1.1; i++) {
    const old = i < ROWS
    const at = old ? now - 8 * DAY - i * 1000 : now - (i - ROWS) * 1000
    const key = old ? `agent:main:telegram:direct:removed-${i % (ROWS / 10)}` : 'agent:main:telegram:direct:0'
    if (old) retired.run(key, now - 40 * DAY)
    usage.run(crypto.randomUUID(), key, at - 33 * DAY, at - 33 * DAY + 2000)
    inbox.run(`update-${i}`, at, at)
    cron.run(crypto.randomUUID(), `job-${i % 20}`, at - 5000, at)
  }
}

const TABLES = ['sessions', 'transcript_messages', 'run_usage', 'channel_inbox', 'cron_runs'] as const
const rowCounts = (db: Db) => TABLES.map((t) => `${t} ${db.query<{ n: number }, []>(`SELECT COUNT(*) AS n FROM ${t}`).get()!.n}`).join(', ')

/** Pages and bytes once everything written is in the database file (the open batch committed, the WAL copied back). */
function fileSize(db: Db, file: string): { pages: number; free: number; bytes: number } {
  groupCommit(db).flush()
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  const size = createSessionRetention(db).size()
  return { pages: size.pages, free: size.freePages, bytes: statSync(file).size }
}

interface TurnTimes {
  firstDelta: number[]
  final: number[]
}

/** `clients` loops of `chat.send` → first delta → final on their own sessions until `until` settles. */
async function turnsUntil(clients: TestClient[], until: Promise<unknown>): Promise<TurnTimes> {
  let done = false
  void until.finally(() => (done = true))
  const times: TurnTimes = { firstDelta: [], final: [] }
  await Promise.all(clients.map(async (c, n) => {
    for (let i = 0; !done; i++) {
      const began = performance.now()
      const runId = crypto.randomUUID()
      const ofRun = (state: string) => (f: { event?: string; payload?: any }) => f.event === 'chat' && f.payload?.runId === runId && f.payload.state === state
      c.sendRaw(JSON.stringify({ type: 'req', id: runId, method: 'chat.send', params: { sessionKey: `agent:main:bench-${n}-${i % 20}`, message: `turn ${i}`, idempotencyKey: runId } }))
      await c.waitFor(ofRun('delta'), 60_000)
      times.firstDelta.push(performance.now() - began)
      await c.waitFor(ofRun('final'), 60_000)
      times.final.push(performance.now() - began)
      c.frames.length = 0
    }
  }))
  return times
}

/** Gaps between 1 ms timer ticks on this thread (gateway and clients share it) until `until` settles: how long anything could have waited. */
async function stallsUntil(until: Promise<unknown>): Promise<number[]> {
  const gaps: number[] = []
  let done = false
  void until.finally(() => (done = true))
  let last = performance.now()
  while (!done) {
    await Bun.sleep(1)
    const now = performance.now()
    gaps.push(now - last)
    last = now
  }
  return gaps
}
const stallLine = (label: string, gaps: number[]) => {
  const seconds = gaps.reduce((a, b) => a + b, 0) / 1000
  const over = gaps.filter((g) => g > 20).length
  return `${label}: event loop gap p50 ${fmt(pct(gaps, 50))}, p99 ${fmt(pct(gaps, 99))}, max ${fmt(Math.max(...gaps))}, ${(over / seconds).toFixed(1)} gaps over 20 ms per second (${over} in ${seconds.toFixed(0)} s)`
}

const turnLine = (label: string, t: TurnTimes) =>
  `${label}: first delta p50 ${fmt(pct(t.firstDelta, 50))}, p99 ${fmt(pct(t.firstDelta, 99))}; final p50 ${fmt(pct(t.final, 50))}, p99 ${fmt(pct(t.final, 99))} (${t.final.length} turns)`

const dir = mkdtempSync(join(tmpdir(), 'openclaw-bench-retention-'))
const fake = startFakeModelServer('openai')
try {
  const seedStart = performance.now()
  seed(dir)
  console.log(`seeded ${SESSIONS} sessions × ${MESSAGES} messages (${Math.round(STALE_SHARE * 100)} % idle past pruneAfter) and one ${LONG}-entry idle transcript in ${fmt(performance.now() - seedStart)}`)

  const limits = { pruneAfter: '30d', maxEntries: SESSIONS * 2 }
  const agent = resolveAgentSettings(agentConfig(fake, 'openai', { session: { maintenance: limits } }), {})
  const gw = await startTestGateway({ settings: { agent }, stateDir: dir, persistent: true })
  const before = fileSize(gw.database, databasePath(dir))
  const rowsBefore = rowCounts(gw.database)
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => TestClient.connect(gw.url, { token: gw.token })))

  // The figures without a pass are taken before and after it, so a machine whose load changes meanwhile weighs on both sides.
  const quietly = async () => {
    const quiet = Bun.sleep(QUIET_MS)
    return Promise.all([turnsUntil(clients, quiet), stallsUntil(quiet)])
  }
  const [baselineBefore, gapsBefore] = await quietly()
  const maintenance = gw.runtime.services.maintenance
  maintenance.takeBatchTimes()
  const passStart = performance.now()
  const pass = maintenance.cleanup({ agentIds: ['main'] }).then((s) => s[0]!)
  const [during, duringGaps] = await Promise.all([turnsUntil(clients, pass), stallsUntil(pass)])
  const summary = await pass
  // As the pass left it: its last step had the checkpointer copy the WAL back, which is when the file shrinks.
  const leftBytes = statSync(databasePath(dir)).size
  const passMs = performance.now() - passStart
  const batches = maintenance.takeBatchTimes()
  const [baselineAfter, gapsAfter] = await quietly()
  const baseline = { firstDelta: [...baselineBefore.firstDelta, ...baselineAfter.firstDelta], final: [...baselineBefore.final, ...baselineAfter.final] }
  const baselineGaps = [...gapsBefore, ...gapsAfter]
  const after = fileSize(gw.database, databasePath(dir))
  const rowsAfter = rowCounts(gw.database)
  for (const c of clients) c.close()
  await gw.stop()

  console.log(`pass: ${summary.pruned} sessions pruned, ${summary.afterCount} kept, in ${(passMs / 1000).toFixed(1)} s over ${batches.length} batches`)
  console.log(`one maintenance batch holds the database: p50 ${fmt(pct(batches, 50))}, p99 ${fmt(pct(batches, 99))}, max ${fmt(Math.max(...batches))} (budget 4 ms, 1 ms while turns run, plus one statement)`)
  const who = CLIENTS === 1 ? 'one turn at a time' : `${CLIENTS} clients at once`
  console.log(turnLine(`chat.send, ${who}, no pass running`, baseline))
  console.log(turnLine(`chat.send, ${who}, during the pass `, during))
  console.log(stallLine('no pass running', baselineGaps))
  console.log(stallLine('during the pass ', duringGaps))
  console.log(`rows before: ${rowsBefore}`)
  console.log(`rows after:  ${rowsAfter}`)
  console.log(`database file: before ${mb(before.bytes)} (${before.pages} pages), as the pass left it ${mb(leftBytes)}, after ${mb(after.bytes)} (${after.pages} pages, ${after.free} free)`)
} finally {
  await fake.stop()
  rmSync(dir, { recursive: true, force: true })
}
