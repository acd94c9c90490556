/**
 * `bun run bench:soak`: a bounded soak of one gateway child process (a script, not a test).
 * For `--seconds` (default 120; `--seconds 600` for the long one) it runs at once:
 *   - chat runs against a fake OpenAI-compatible model (answers at once), over a pool of sessions that
 *     are reset every 20 turns so transcripts stay short;
 *   - pipelined requests (health, status, system-presence, sessions.list) whose latency gives the p99;
 *   - connection churn: connect, one request, close;
 *   - HTTP: /healthz and a canvas page.
 * Every 10 s it samples the gateway's RSS, open fds and the interval's request p99, then checks the
 * targets: RSS and fds flat (every sample of the last minute within 10 % of the second sample), p99 not
 * creeping (the last minute's median p99 at most 1.5 × the first minute's, or under 5 ms), no error.
 * Exits 1 when a target is missed. Uses dist/openclaw when it exists (`bun run build`), else the source.
 * Usage: bun scripts/bench-soak.ts [--seconds 120] [--source]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startFakeModelServer } from '../test/fakes/model-server.ts'
import { TestClient } from '../test/helpers/client.ts'
import { spawnGateway } from '../test/helpers/gateway.ts'

const { values } = parseArgs({ options: { seconds: { type: 'string' }, source: { type: 'boolean' } } })
const SECONDS = Number(values.seconds ?? 120)
if (!Number.isFinite(SECONDS) || SECONDS < 70) throw new Error('--seconds must be at least 70 (the targets compare minutes)')
const SAMPLE_MS = 10_000
const CHAT_WORKERS = 4
const REQUEST_WORKERS = 4
const PIPELINE = 8
const SESSIONS = 32
const TURNS_PER_SESSION = 20
const TOKEN = 'soak'

const binary = join(import.meta.dir, '..', 'dist', 'openclaw')
const useBinary = existsSync(binary) && !values.source

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0)
const median = (xs: number[]) => pct(xs, 50)
const rssMb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024
const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length

const fake = startFakeModelServer('openai')
const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-soak-'))
writeFileSync(join(stateDir, 'openclaw.json'), JSON.stringify({
  models: { providers: { fake: { baseUrl: fake.baseUrl, apiKey: 'x', api: 'openai-completions', models: [{ id: 'fast' }] } } },
  agents: { defaults: { model: { primary: 'fake/fast' }, heartbeat: { every: '0m' } } },
}))
const gw = await spawnGateway({ stateDir, args: ['--token', TOKEN], ...(useBinary && { binary }) })
const pid = gw.proc.pid
const http = `http://127.0.0.1:${gw.port}`
writeFileSync(join(stateDir, 'canvas', 'soak.html'), '<!doctype html><body><h1>soak</h1></body>')

const counts = { chatRuns: 0, requests: 0, churn: 0, http: 0 }
const errors: string[] = []
let latencies: number[] = []
let running = true
const deadline = Date.now() + SECONDS * 1000
const note = (where: string, err: unknown) => {
  if (errors.length < 20) errors.push(`${where}: ${(err as Error)?.message ?? String(err)}`)
  else errors.length++ // keep counting without keeping every message
}
const connect = () => TestClient.connect(gw.url, { token: TOKEN, scopes: ['operator.read', 'operator.write', 'operator.admin'] })

async function chatWorker(w: number): Promise<void> {
  const c = await connect()
  let turn = 0
  while (running) {
    const sessionKey = `soak-${(w * SESSIONS) / CHAT_WORKERS + (turn % (SESSIONS / CHAT_WORKERS))}`
    const runId = `w${w}-${turn}`
    try {
      const final = c.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && (f.payload.state === 'final' || f.payload.state === 'error'), 30_000)
      await c.call('chat.send', { sessionKey, message: `turn ${turn}`, idempotencyKey: runId })
      const done = await final
      if (done.payload.state !== 'final') note('chat', new Error(done.payload.errorMessage ?? 'run failed'))
      counts.chatRuns++
      c.frames.length = 0 // deltas of other workers' runs reach every operator
      if (++turn % (SESSIONS / CHAT_WORKERS * TURNS_PER_SESSION) === 0) {
        for (let s = 0; s < SESSIONS / CHAT_WORKERS; s++) await c.call('sessions.reset', { key: `soak-${(w * SESSIONS) / CHAT_WORKERS + s}` })
      }
    } catch (err) {
      note('chat', err)
    }
  }
  c.close()
}

const METHODS: [string, unknown][] = [['health', {}], ['status', {}], ['system-presence', {}], ['sessions.list', {}]]

async function requestWorker(): Promise<void> {
  const c = await connect()
  let i = 0
  const lane = async () => {
    while (running) {
      const [method, params] = METHODS[i++ % METHODS.length]!
      const t0 = performance.now()
      try {
        const res = await c.request(method, params)
        latencies.push(performance.now() - t0)
        if (!res.ok) note(method, new Error(res.error.message))
        counts.requests++
      } catch (err) {
        note(method, err)
      }
      c.frames.length = 0
    }
  }
  await Promise.all(Array.from({ length: PIPELINE }, lane))
  c.close()
}

async function churnWorker(): Promise<void> {
  while (running) {
    try {
      const c = await connect()
      await c.call('health')
      c.close()
      await c.closed
      counts.churn++
    } catch (err) {
      note('churn', err)
    }
  }
}

async function httpWorker(): Promise<void> {
  while (running) {
    try {
      for (const path of ['/healthz', '/__openclaw__/canvas/soak.html']) {
        const res = await fetch(http + path)
        await res.arrayBuffer()
        if (res.status !== 200) note('http', new Error(`${path}: ${res.status}`))
        counts.http++
      }
    } catch (err) {
      note('http', err)
    }
  }
}

interface Sample { t: number; rss: number; fds: number; p99: number; requests: number }
const samples: Sample[] = []
const fmt = (n: number, d = 1) => n.toFixed(d)

console.log(`soak: ${SECONDS} s against ${useBinary ? 'dist/openclaw' : 'the source'} (pid ${pid}); sampling every ${SAMPLE_MS / 1000} s`)
console.log('   t     RSS MB   fds   p99 ms   requests  chat runs  churn  http')
const workers = [
  ...Array.from({ length: CHAT_WORKERS }, (_, w) => chatWorker(w)),
  ...Array.from({ length: REQUEST_WORKERS }, requestWorker),
  churnWorker(),
  httpWorker(),
]
const start = Date.now()
while (Date.now() < deadline) {
  await Bun.sleep(Math.min(SAMPLE_MS, deadline - Date.now()))
  const window = latencies
  latencies = []
  fake.requests.length = 0
  const s = { t: Math.round((Date.now() - start) / 1000), rss: rssMb(pid), fds: fdCount(pid), p99: pct(window, 99), requests: window.length }
  samples.push(s)
  console.log(`${String(s.t).padStart(4)} s ${fmt(s.rss).padStart(8)} ${String(s.fds).padStart(5)} ${fmt(s.p99, 2).padStart(8)} ${String(counts.requests).padStart(10)} ${String(counts.chatRuns).padStart(10)} ${String(counts.churn).padStart(6)} ${String(counts.http).padStart(5)}`)
}
running = false
await Promise.allSettled(workers)
gw.proc.kill('SIGTERM')
await gw.proc.exited
await fake.stop()
rmSync(stateDir, { recursive: true, force: true })

// Targets. The second sample (20 s) is the reference: the first includes warm-up.
const second = samples[1]!
const lastMinute = samples.filter((s) => s.t > samples.at(-1)!.t - 60)
const firstMinute = samples.filter((s) => s.t <= 60).slice(1)
const within = (key: 'rss' | 'fds') => lastMinute.every((s) => Math.abs(s[key] - second[key]) <= 0.1 * second[key] + (key === 'fds' ? 2 : 0))
const p99First = median(firstMinute.map((s) => s.p99))
const p99Last = median(lastMinute.map((s) => s.p99))
const verdicts: [string, boolean, string][] = [
  ['RSS flat', within('rss'), `second sample ${fmt(second.rss)} MB; last minute ${fmt(Math.min(...lastMinute.map((s) => s.rss)))}–${fmt(Math.max(...lastMinute.map((s) => s.rss)))} MB (target: within 10 %)`],
  ['fds flat', within('fds'), `second sample ${second.fds}; last minute ${Math.min(...lastMinute.map((s) => s.fds))}–${Math.max(...lastMinute.map((s) => s.fds))} (target: within 10 %, ±2)`],
  ['p99 not creeping', p99Last <= Math.max(1.5 * p99First, 5), `median p99 first minute ${fmt(p99First, 2)} ms, last minute ${fmt(p99Last, 2)} ms (target: ≤ 1.5× or < 5 ms)`],
  ['no error', errors.length === 0, errors.length ? `${errors.length} errors, e.g. ${errors.slice(0, 3).join(' | ')}` : '0 errors'],
]
const secondHalf = samples.filter((s) => s.t > samples.at(-1)!.t / 2)
console.log(`\nRSS over the second half (for warm-up versus growth): ${fmt(Math.min(...secondHalf.map((s) => s.rss)))}–${fmt(Math.max(...secondHalf.map((s) => s.rss)))} MB`)
console.log(`totals: ${counts.chatRuns} chat runs, ${counts.requests} requests, ${counts.churn} connections churned, ${counts.http} HTTP requests`)
for (const [name, ok, detail] of verdicts) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}`)
process.exit(verdicts.every(([, ok]) => ok) ? 0 : 1)
