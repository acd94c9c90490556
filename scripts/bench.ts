/**
 * `bun run bench`: the gateway against a bare Bun.serve echo server, same machine, same run.
 * Prints start-up, idle RSS, handshake latency, sequential round trip, pipelined throughput, RSS with
 * 1,000 idle authenticated connections, and RSS across five throughput runs. Loopback only.
 * Uses dist/openclaw when it exists (run `bun run build` first), else the source.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { roundTrip, rssMb, startTarget, type Target } from './bench/target.ts'

const binary = join(import.meta.dir, '..', 'dist', 'openclaw')
const useBinary = existsSync(binary) && !process.argv.includes('--source')

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (n: number, digits = 2) => n.toFixed(digits)

async function handshakeMedian(t: Target, n: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const start = performance.now()
    const ws = await t.open()
    if (t.name === 'echo') await roundTrip(ws, 'hello') // a "handshake" for the echo server: first answer
    times.push(performance.now() - start)
    ws.close()
  }
  return median(times)
}

async function sequentialRtt(t: Target, n: number): Promise<number> {
  const ws = await t.open()
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const start = performance.now()
    await roundTrip(ws, t.request(i))
    times.push(performance.now() - start)
  }
  ws.close()
  return median(times)
}

/** `total` requests with at most `window` in flight; returns requests per second. */
async function pipelined(t: Target, total: number, window: number): Promise<number> {
  const ws = await t.open()
  let sent = 0
  let done = 0
  const start = performance.now()
  await new Promise<void>((resolve) => {
    ws.onmessage = (ev) => {
      if (String(ev.data).startsWith('{"type":"event"')) return
      done++
      if (done === total) return resolve()
      if (sent < total) ws.send(t.request(sent++))
    }
    while (sent < window && sent < total) ws.send(t.request(sent++))
  })
  const rate = total / ((performance.now() - start) / 1000)
  ws.close()
  return rate
}

async function idleConnections(t: Target, n: number): Promise<{ sockets: WebSocket[]; rss: number }> {
  const sockets: WebSocket[] = []
  // Batches below the gateway's pre-auth budget of 32 unauthenticated sockets per address.
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => t.open()))
    sockets.push(...batch)
  }
  await Bun.sleep(1000)
  return { sockets, rss: rssMb(t.pid) }
}

/** Median start-up over several starts: fresh state dirs (first run) and one reused dir (a restart). */
async function startupMedians(kind: 'gateway' | 'echo', runs = 7): Promise<{ fresh: number; restart: number }> {
  const bin = kind === 'gateway' && useBinary ? binary : undefined
  const fresh: number[] = []
  const restart: number[] = []
  const reused = mkdtempSync(join(tmpdir(), 'openclaw-bench-restart-'))
  await (await startTarget(kind, bin, reused)).stop()
  for (let i = 0; i < runs; i++) {
    const a = await startTarget(kind, bin)
    fresh.push(a.startupMs)
    await a.stop()
    const b = await startTarget(kind, bin, reused)
    restart.push(b.startupMs)
    await b.stop()
  }
  return { fresh: median(fresh), restart: median(restart) }
}

async function measure(kind: 'gateway' | 'echo') {
  const startup = await startupMedians(kind)
  const t = await startTarget(kind, kind === 'gateway' && useBinary ? binary : undefined)
  await Bun.sleep(1000)
  const idleRss = rssMb(t.pid)
  const handshake = await handshakeMedian(t, 50)
  const rtt = await sequentialRtt(t, 2000)
  const rates: number[] = []
  const rssAfter: number[] = []
  for (let run = 0; run < 5; run++) {
    rates.push(await pipelined(t, 20_000, 100))
    rssAfter.push(rssMb(t.pid))
  }
  const idle = await idleConnections(t, 1000)
  for (const ws of idle.sockets) ws.close()
  await t.stop()
  return { kind, startup, idleRss, handshake, rtt, rates, rssAfter, rss1000: idle.rss }
}

console.log(`gateway under test: ${useBinary ? binary : 'source (bun src/main.ts)'}`)
const results = [await measure('gateway'), await measure('echo')]
const [gw, echo] = results as [Awaited<ReturnType<typeof measure>>, Awaited<ReturnType<typeof measure>>]
const rows: [string, (r: typeof gw) => string][] = [
  ['start-up to first health, new state dir, median of 7 (ms)', (r) => fmt(r.startup.fresh, 1)],
  ['start-up to first health, restart, median of 7 (ms)', (r) => fmt(r.startup.restart, 1)],
  ['idle RSS (MB)', (r) => fmt(r.idleRss, 1)],
  ['handshake, median of 50 (ms)', (r) => fmt(r.handshake, 3)],
  ['sequential round trip, median of 2,000 (ms)', (r) => fmt(r.rtt, 3)],
  ['pipelined, 20,000 req window 100, best of 5 (req/s)', (r) => fmt(Math.max(...r.rates), 0)],
  ['pipelined, each run (req/s)', (r) => r.rates.map((x) => fmt(x, 0)).join(' ')],
  ['RSS after each throughput run (MB)', (r) => r.rssAfter.map((x) => fmt(x, 1)).join(' ')],
  ['RSS with 1,000 idle connections (MB)', (r) => fmt(r.rss1000, 1)],
]
const width = Math.max(...rows.map(([label]) => label.length))
console.log(`\n${'metric'.padEnd(width)}  ${'gateway'.padEnd(28)}  echo`)
for (const [label, get] of rows) console.log(`${label.padEnd(width)}  ${get(gw).padEnd(28)}  ${get(echo)}`)
console.log(`\ngateway / echo throughput: ${fmt((100 * Math.max(...gw.rates)) / Math.max(...echo.rates), 0)}%`)
process.exit(0)
