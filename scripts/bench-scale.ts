/**
 * Scale benchmark (a script, not a test): a gateway child process over a state dir holding many
 * sessions and one very long transcript, against the same gateway over an empty state dir.
 *   1. start-up to the first answered `health`, empty vs seeded (target: within 10 %)
 *   2. `chat.history` of the long transcript, last 200 entries (target: p50 ≤ 3 ms)
 *   3. `sessions.list` first page (target: ≤ 5 ms)
 *   4. RSS of the seeded gateway after those reads vs the empty one (target: ≤ 20 MB more)
 * Usage: bun scripts/bench-scale.ts [--sessions 10000] [--messages 100000] [--reads 200]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '../src/store/db.ts'
import { TestClient } from '../test/helpers/client.ts'
import { spawnGateway } from '../test/helpers/gateway.ts'

const { values } = parseArgs({ options: { sessions: { type: 'string' }, messages: { type: 'string' }, reads: { type: 'string' } } })
const SESSIONS = Number(values.sessions ?? 10_000)
const MESSAGES = Number(values.messages ?? 100_000)
const READS = Number(values.reads ?? 200)
const LONG_KEY = 'agent:main:long'

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
const fmt = (ms: number) => `${ms.toFixed(2)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES')

function stateDirWith(seed: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-bench-scale-'))
  writeFileSync(join(dir, 'openclaw.json'), JSON.stringify({ agents: { defaults: { heartbeat: { every: '0m' } } } }))
  if (!seed) return dir
  const db = openDatabase(dir)
  const now = Date.now()
  const session = db.query('INSERT INTO sessions (key, session_id, agent_id, kind, channel, label, created_at, updated_at, message_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const message = db.query('INSERT INTO transcript_messages (id, session_id, run_id, role, body, ts, pos) VALUES (?, ?, ?, ?, ?, ?, ?)')
  db.transaction(() => {
    for (let i = 0; i < SESSIONS - 1; i++) {
      const sid = crypto.randomUUID()
      session.run(`agent:main:telegram:direct:${i}`, sid, 'main', 'direct', 'telegram', null, now - i * 1000, now - i * 1000, 2)
      for (const [n, role] of ['user', 'assistant'].entries()) {
        message.run(crypto.randomUUID(), sid, `r${i}`, role, JSON.stringify({ role, content: [{ type: 'text', text: `message ${i}` }], timestamp: now - i * 1000 }), now - i * 1000, n + 1)
      }
    }
    const longId = crypto.randomUUID()
    session.run(LONG_KEY, longId, 'main', 'main', null, null, now - 10 * 86_400_000, now + 1000, MESSAGES)
    for (let i = 0; i < MESSAGES; i++) {
      const role = i % 2 ? 'assistant' : 'user'
      const text = `entry ${i}: ${'lorem ipsum dolor sit amet '.repeat(4)}`
      message.run(crypto.randomUUID(), longId, `long${i >> 1}`, role, JSON.stringify({ role, content: [{ type: 'text', text }], timestamp: now - (MESSAGES - i) * 1000 }), now - (MESSAGES - i) * 1000, i + 1)
    }
  })()
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
  return dir
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024

/** Start-up (spawn → first answered `health`), then the reads, then RSS. */
async function measure(dir: string, reads: boolean) {
  const t0 = performance.now()
  const gw = await spawnGateway({ stateDir: dir, args: ['--token', 'bench'] })
  const c = await TestClient.connect(gw.url, { token: 'bench', scopes: ['operator.read', 'operator.write'] })
  await c.call('health', {})
  const startup = performance.now() - t0
  const history: number[] = []
  const list: number[] = []
  if (reads) {
    for (let i = 0; i < READS; i++) {
      let t = performance.now()
      const h = await c.call('chat.history', { sessionKey: LONG_KEY, limit: 200 })
      history.push(performance.now() - t)
      if (h.messages.length !== 200 || h.totalCount !== MESSAGES) throw new Error(`chat.history returned ${h.messages.length} of ${h.totalCount}`)
      t = performance.now()
      const l = await c.call('sessions.list', {})
      list.push(performance.now() - t)
      if (l.totalCount !== SESSIONS || l.sessions[0].key !== LONG_KEY) throw new Error('sessions.list returned the wrong first page')
      c.frames.length = 0
    }
  }
  await Bun.sleep(500)
  const rss = rssOf(gw.proc.pid)
  c.close()
  gw.proc.kill()
  await gw.proc.exited
  return { startup, history, list, rss }
}

const emptyDir = stateDirWith(false)
const seedStart = performance.now()
const seededDir = stateDirWith(true)
console.log(`seeded ${SESSIONS} sessions and one ${MESSAGES}-entry transcript in ${fmt(performance.now() - seedStart)}`)
try {
  // Alternate runs so a busy machine weighs on both sides alike; the median of each side counts.
  const emptyRuns: Awaited<ReturnType<typeof measure>>[] = []
  const seededRuns: Awaited<ReturnType<typeof measure>>[] = []
  for (let i = 0; i < 5; i++) {
    emptyRuns.push(await measure(emptyDir, false))
    seededRuns.push(await measure(seededDir, i === 0))
  }
  const emptyStart = pct(emptyRuns.map((r) => r.startup), 50)
  const seededStart = pct(seededRuns.map((r) => r.startup), 50)
  const { history, list } = seededRuns[0]!
  const emptyRss = pct(emptyRuns.map((r) => r.rss), 50)
  const seededRss = seededRuns[0]!.rss
  const ratio = seededStart / emptyStart - 1
  console.log(`start-up to first health: empty ${fmt(emptyStart)}, seeded ${fmt(seededStart)} (${(ratio * 100).toFixed(1)} %; target ≤ 10 %: ${verdict(ratio <= 0.1)})`)
  console.log(`chat.history last 200 of ${MESSAGES}: p50 ${fmt(pct(history, 50))} p99 ${fmt(pct(history, 99))} (target p50 ≤ 3 ms: ${verdict(pct(history, 50) <= 3)})`)
  console.log(`sessions.list first page of ${SESSIONS}: p50 ${fmt(pct(list, 50))} p99 ${fmt(pct(list, 99))} (target ≤ 5 ms: ${verdict(pct(list, 50) <= 5)})`)
  console.log(`RSS: empty ${mb(emptyRss)}, seeded after the reads ${mb(seededRss)} (+${mb(seededRss - emptyRss)}; target ≤ 20 MB: ${verdict(seededRss - emptyRss <= 20 * 1024 * 1024)})`)
} finally {
  rmSync(emptyDir, { recursive: true, force: true })
  rmSync(seededDir, { recursive: true, force: true })
}
