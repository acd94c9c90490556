/**
 * Agent benchmark (a script, not a test): a gateway child process whose model is a fake
 * OpenAI-compatible server on 127.0.0.1 that answers at once.
 *   1. time from `chat.send` to the first `chat` delta (the gateway's own overhead, plus one local HTTP hop)
 *   2. 1,000 sessions streaming at the same time (50 connections × 20 sessions, 20 chunks each), and the
 *      disk syncs (fsync + fdatasync, counted by strace attached to the gateway) they cost
 * Each figure is printed beside its target (issue 15).
 * Usage: bun scripts/bench-agent.ts [--sequential 300] [--sessions 1000] [--connections 50] [--chunks 20] [--no-strace]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { which } from 'bun'
import { startFakeModelServer } from '../test/fakes/model-server.ts'
import { TestClient } from '../test/helpers/client.ts'
import { spawnGateway } from '../test/helpers/gateway.ts'

const { values } = parseArgs({ options: { sequential: { type: 'string' }, sessions: { type: 'string' }, connections: { type: 'string' }, chunks: { type: 'string' }, 'no-strace': { type: 'boolean' } } })
const SEQUENTIAL = Number(values.sequential ?? 300)
const SESSIONS = Number(values.sessions ?? 1000)
const CONNECTIONS = Number(values.connections ?? 50)
const CHUNKS = Number(values.chunks ?? 20)

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
const fmt = (ms: number) => `${ms.toFixed(2)} ms`
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES')

/** Counts the gateway's disk syncs until `stop()` (strace -c, attached to the running child and its threads). */
function countSyncs(pid: number): { stop: () => Promise<number | undefined> } {
  if (values['no-strace'] || !which('strace')) return { stop: async () => undefined }
  const strace = Bun.spawn(['strace', '-c', '-f', '-e', 'trace=fsync,fdatasync', '-p', String(pid)], { stdout: 'ignore', stderr: 'pipe' })
  return {
    async stop() {
      strace.kill('SIGINT')
      const text = await new Response(strace.stderr as ReadableStream).text()
      await strace.exited
      const calls = [...text.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)$/gm)].reduce((n, m) => n + Number(m[1]), 0)
      return calls
    },
  }
}

const fake = startFakeModelServer('openai')
const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-bench-'))
writeFileSync(join(stateDir, 'openclaw.json'), JSON.stringify({
  models: { providers: { fake: { baseUrl: fake.baseUrl, apiKey: 'x', api: 'openai-completions', models: [{ id: 'fast' }] } } },
  agents: { defaults: { model: { primary: 'fake/fast' }, heartbeat: { every: '0m' } } },
}))
const gw = await spawnGateway({ stateDir, args: ['--token', 'bench'] })

try {
  // 1. Latency to the first delta, one request at a time.
  const c = await TestClient.connect(gw.url, { token: 'bench', scopes: ['operator.read', 'operator.write'] })
  const firstDelta: number[] = []
  const toFinal: number[] = []
  for (let i = 0; i < SEQUENTIAL; i++) {
    fake.script({ kind: 'text', chunks: ['hello', ' world'] })
    const runId = `seq-${i}`
    const t0 = performance.now()
    c.request('chat.send', { sessionKey: `bench-seq-${i % 10}`, message: 'hi', idempotencyKey: runId })
    await c.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'delta')
    firstDelta.push(performance.now() - t0)
    await c.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'final')
    toFinal.push(performance.now() - t0)
    c.frames.length = 0
  }
  c.close()
  console.log(`chat.send → first chat delta (${SEQUENTIAL} runs, sequential): p50 ${fmt(pct(firstDelta, 50))}  p90 ${fmt(pct(firstDelta, 90))}  p99 ${fmt(pct(firstDelta, 99))} (target p50 ≤ 1.5 ms: ${verdict(pct(firstDelta, 50) <= 1.5)})`)
  console.log(`chat.send → chat final:                              p50 ${fmt(pct(toFinal, 50))}  p99 ${fmt(pct(toFinal, 99))}`)

  // 2. Many sessions streaming at once. Every operator connection sees every session's events.
  // One after another: the gateway caps handshakes in progress per client address.
  const clients: TestClient[] = []
  for (let i = 0; i < CONNECTIONS; i++) clients.push(await TestClient.connect(gw.url, { token: 'bench', scopes: ['operator.read', 'operator.write'] }))
  const chunks = Array.from({ length: CHUNKS }, (_, i) => `tok${i} `)
  for (let i = 0; i < SESSIONS; i++) fake.script({ kind: 'text', chunks })
  const syncs = countSyncs(gw.proc.pid)
  await Bun.sleep(300) // strace attaches to every thread before the load starts
  const started = performance.now()
  const firsts: number[] = []
  const runs = Array.from({ length: SESSIONS }, async (_, i) => {
    const client = clients[i % CONNECTIONS]!
    const runId = `par-${i}`
    const t0 = performance.now()
    client.request('chat.send', { sessionKey: `bench-par-${i}`, message: 'go', idempotencyKey: runId })
    await client.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'delta', 300_000)
    firsts.push(performance.now() - t0)
    const final = await client.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'final', 300_000)
    if (final.payload.message.content[0].text !== chunks.join('')) throw new Error(`run ${runId} returned the wrong text`)
  })
  // Frames the test client keeps would grow without bound; drop what nobody waits for.
  const sweep = setInterval(() => clients.forEach((cl) => (cl.frames.length = 0)), 200)
  await Promise.all(runs)
  clearInterval(sweep)
  const wall = performance.now() - started
  const syncCount = await syncs.stop()
  const frames = SESSIONS * (CHUNKS * 2 + 3) * CONNECTIONS
  console.log(`${SESSIONS} sessions streaming at once over ${CONNECTIONS} connections (${CHUNKS} chunks each): all done in ${fmt(wall)} (target ≤ 1 s: ${verdict(wall <= 1000)})`)
  console.log(`  first delta p50 ${fmt(pct(firsts, 50))} (target ≤ 20 ms: ${verdict(pct(firsts, 50) <= 20)})  p99 ${fmt(pct(firsts, 99))} (target ≤ 100 ms: ${verdict(pct(firsts, 99) <= 100)});  ~${Math.round(frames / (wall / 1000))} event frames/s delivered`)
  if (syncCount !== undefined) console.log(`  disk syncs during the load: ${syncCount} (${Math.round(syncCount / (wall / 1000))}/s, ${(syncCount / SESSIONS).toFixed(2)} per turn)`)
  for (const cl of clients) cl.close()
} finally {
  gw.proc.kill()
  await gw.proc.exited
  await fake.stop()
  rmSync(stateDir, { recursive: true, force: true })
}
