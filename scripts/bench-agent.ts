/**
 * Agent benchmark (a script, not a test): a gateway child process whose model is a fake
 * OpenAI-compatible server on 127.0.0.1 that answers at once.
 *   1. time from `chat.send` to the first `chat` delta (the gateway's own overhead, plus one local HTTP hop)
 *   2. 1,000 sessions streaming at the same time (50 connections × 20 sessions, 20 chunks each), and the
 *      disk syncs (fsync + fdatasync, counted by strace attached to the gateway) they cost
 * Each figure is printed beside its target (issue 15), with the CPU time the gateway and this process
 * spent: the machine is shared, so CPU per turn is the figure to compare between changes. The load and
 * its client are bench-chat-client.ts; `bench:floor` puts the same load on bare Bun doing only what
 * must be done, to show how far the gateway is from the machine's floor.
 * With --scoped each connection advertises `session-scoped-events` and subscribes to its own sessions,
 * so it is sent their events only (as the original offers); without it every connection gets every run's.
 * Usage: bun scripts/bench-agent.ts [--sequential 300] [--sessions 1000] [--connections 50] [--chunks 20] [--rounds 1] [--scoped] [--no-strace]
 *        [--profile DIR] (the gateway writes a Markdown CPU profile there when it exits; 0 skips a phase)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { which } from 'bun'
import { startFakeModelServer } from '../test/fakes/model-server.ts'
import { spawnGateway } from '../test/helpers/gateway.ts'
import { BenchClient, cpuMs, fmt, loadAverage, pct, printLoad, rssMb, streamingLoad, verdict } from './bench-chat-client.ts'

const { values } = parseArgs({ options: { sequential: { type: 'string' }, sessions: { type: 'string' }, connections: { type: 'string' }, chunks: { type: 'string' }, 'no-strace': { type: 'boolean' }, profile: { type: 'string' }, rounds: { type: 'string' }, scoped: { type: 'boolean' } } })
const SEQUENTIAL = Number(values.sequential ?? 300)
const SESSIONS = Number(values.sessions ?? 1000)
const CONNECTIONS = Number(values.connections ?? 50)
const CHUNKS = Number(values.chunks ?? 20)
const ROUNDS = Number(values.rounds ?? 1)
const TOKEN = 'bench'

/** Counts the gateway's disk syncs until `stop()` (strace -c, attached to the running child and its threads). */
function countSyncs(pid: number): { stop: () => Promise<number | undefined> } {
  if (values['no-strace'] || !which('strace')) return { stop: async () => undefined }
  const strace = Bun.spawn(['strace', '-c', '-f', '--seccomp-bpf', '-e', 'trace=fsync,fdatasync', '-p', String(pid)], { stdout: 'ignore', stderr: 'pipe' })
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
const profile = values.profile ? { BUN_OPTIONS: `--cpu-prof-md --cpu-prof-dir=${values.profile}` } : undefined
const gw = await spawnGateway({ stateDir, args: ['--token', TOKEN], env: profile })
const pid = gw.proc.pid

try {
  console.log(`load average at start: ${loadAverage()}`)
  if (SEQUENTIAL > 0) {
    // 1. Latency to the first delta, one request at a time.
    const c = await BenchClient.connect(gw.url, TOKEN)
    const firstDelta: number[] = []
    const toFinal: number[] = []
    const seqCpu0 = cpuMs(pid)
    for (let i = 0; i < SEQUENTIAL; i++) {
      fake.script({ kind: 'text', chunks: ['hello', ' world'] })
      const t = await c.turn(`bench-seq-${i % 10}`, `seq-${i}`, 'hello world')
      firstDelta.push(t.firstDelta)
      toFinal.push(t.final)
    }
    const seqCpu = cpuMs(pid) - seqCpu0
    c.close()
    console.log(`chat.send → first chat delta (${SEQUENTIAL} runs, sequential): p50 ${fmt(pct(firstDelta, 50))}  p90 ${fmt(pct(firstDelta, 90))}  p99 ${fmt(pct(firstDelta, 99))} (target p50 ≤ 1.5 ms: ${verdict(pct(firstDelta, 50) <= 1.5)})`)
    console.log(`chat.send → chat final:                              p50 ${fmt(pct(toFinal, 50))}  p99 ${fmt(pct(toFinal, 99))}`)
    console.log(`  gateway CPU per turn: ${(seqCpu / SEQUENTIAL).toFixed(2)} ms`)
  }

  // Each round is the same load on fresh sessions: a later round runs warm, and the RSS after each shows
  // whether idle sessions hold memory (it would grow round by round) or the first load set a high-water mark.
  for (let round = 1; SESSIONS > 0 && round <= ROUNDS; round++) {
    // 2. Many sessions streaming at once.
    const rssBefore = rssMb(pid)
    let syncs: ReturnType<typeof countSyncs> | undefined
    const figures = await streamingLoad({
      url: gw.url, token: TOKEN, pid, sessions: SESSIONS, connections: CONNECTIONS, chunks: CHUNKS, scoped: values.scoped,
      sessionKey: (i) => `agent:main:bench-par-${round}-${i}`,
      runId: (i) => `par-${round}-${i}`,
      script: (chunks) => fake.script({ kind: 'text', chunks }),
      async beforeLoad() {
        syncs = countSyncs(pid)
        await Bun.sleep(300) // strace attaches to every thread before the load starts
      },
    })
    const syncCount = await syncs?.stop()
    if (ROUNDS > 1) console.log(`round ${round}:`)
    printLoad(figures, { sessions: SESSIONS, connections: CONNECTIONS, chunks: CHUNKS, scoped: values.scoped, server: 'gateway' })
    if (syncCount !== undefined) console.log(`  disk syncs during the load: ${syncCount} (${Math.round(syncCount / (figures.wall / 1000))}/s, ${(syncCount / SESSIONS).toFixed(2)} per turn)`)
    await Bun.sleep(1000)
    console.log(`  gateway RSS: ${rssBefore.toFixed(1)} MB before the load, ${rssMb(pid).toFixed(1)} MB a second after it (its ${SESSIONS} sessions idle)`)
  }
  console.log(`load average at end: ${loadAverage()}`)
} finally {
  gw.proc.kill()
  await gw.proc.exited
  await fake.stop()
  rmSync(stateDir, { recursive: true, force: true })
}
