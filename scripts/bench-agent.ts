/**
 * Agent benchmark (a script, not a test): a gateway child process whose model is a fake
 * OpenAI-compatible server on 127.0.0.1 that answers at once.
 *   1. time from `chat.send` to the first `chat` delta (the gateway's own overhead, plus one local HTTP hop)
 *   2. 200 sessions streaming at the same time (20 connections × 10 sessions, 20 chunks each)
 * Usage: bun scripts/bench-agent.ts [--sequential 300] [--sessions 200] [--connections 20] [--chunks 20]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startFakeModelServer } from '../test/fakes/model-server.ts'
import { TestClient } from '../test/helpers/client.ts'
import { spawnGateway } from '../test/helpers/gateway.ts'

const { values } = parseArgs({ options: { sequential: { type: 'string' }, sessions: { type: 'string' }, connections: { type: 'string' }, chunks: { type: 'string' } } })
const SEQUENTIAL = Number(values.sequential ?? 300)
const SESSIONS = Number(values.sessions ?? 200)
const CONNECTIONS = Number(values.connections ?? 20)
const CHUNKS = Number(values.chunks ?? 20)

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
const fmt = (ms: number) => `${ms.toFixed(2)} ms`

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
  console.log(`chat.send → first chat delta (${SEQUENTIAL} runs, sequential): p50 ${fmt(pct(firstDelta, 50))}  p90 ${fmt(pct(firstDelta, 90))}  p99 ${fmt(pct(firstDelta, 99))}`)
  console.log(`chat.send → chat final:                              p50 ${fmt(pct(toFinal, 50))}  p99 ${fmt(pct(toFinal, 99))}`)

  // 2. Many sessions streaming at once. Every operator connection sees every session's events.
  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => TestClient.connect(gw.url, { token: 'bench', scopes: ['operator.read', 'operator.write'] })))
  const chunks = Array.from({ length: CHUNKS }, (_, i) => `tok${i} `)
  for (let i = 0; i < SESSIONS; i++) fake.script({ kind: 'text', chunks })
  const started = performance.now()
  const firsts: number[] = []
  const runs = Array.from({ length: SESSIONS }, async (_, i) => {
    const client = clients[i % CONNECTIONS]!
    const runId = `par-${i}`
    const t0 = performance.now()
    client.request('chat.send', { sessionKey: `bench-par-${i}`, message: 'go', idempotencyKey: runId })
    await client.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'delta', 60_000)
    firsts.push(performance.now() - t0)
    const final = await client.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'final', 60_000)
    if (final.payload.message.content[0].text !== chunks.join('')) throw new Error(`run ${runId} returned the wrong text`)
  })
  // Frames the test client keeps would grow without bound; drop what nobody waits for.
  const sweep = setInterval(() => clients.forEach((cl) => (cl.frames.length = 0)), 200)
  await Promise.all(runs)
  clearInterval(sweep)
  const wall = performance.now() - started
  const frames = SESSIONS * (CHUNKS * 2 + 3) * CONNECTIONS
  console.log(`${SESSIONS} sessions streaming at once over ${CONNECTIONS} connections (${CHUNKS} chunks each): all done in ${fmt(wall)}`)
  console.log(`  first delta p50 ${fmt(pct(firsts, 50))}  p99 ${fmt(pct(firsts, 99))};  ~${Math.round(frames / (wall / 1000))} event frames/s delivered`)
  for (const cl of clients) cl.close()
} finally {
  gw.proc.kill()
  await gw.proc.exited
  await fake.stop()
  rmSync(stateDir, { recursive: true, force: true })
}
