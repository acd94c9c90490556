/**
 * `bun run bench:hostile`: what hostile clients cost the gateway (a script, not a test; figures vary
 * with the machine's load). The gateway runs in this process so its sockets can be watched.
 *   1. slow consumers: clients that stop reading while events stream to them; the time from crossing
 *      the buffer budget to being cut, and the RSS they cost at the peak;
 *   2. pre-auth frames: sockets that send one large frame before `connect`; the RSS it costs;
 *   3. live-reload: 2,000 stream requests at once; how many are admitted, and /healthz latency meanwhile.
 * Usage: bun scripts/bench-hostile.ts [--slow 4] [--preauth 16] [--frame-mb 24]
 */
import { connect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { spawnGateway, startTestGateway } from '../test/helpers/gateway.ts'
import { openRawWebSocket } from '../test/helpers/raw-ws.ts'
import type { Connection } from '../src/gateway/connection.ts'

const { values } = parseArgs({ options: { slow: { type: 'string' }, preauth: { type: 'string' }, 'frame-mb': { type: 'string' } } })
const SLOW = Number(values.slow ?? 4)
const PREAUTH = Number(values.preauth ?? 16)
const FRAME_MB = Number(values['frame-mb'] ?? 24)

const rssMb = () => process.memoryUsage.rss() / 1024 / 1024
const fmt = (n: number, d = 0) => n.toFixed(d)
const settle = async () => {
  Bun.gc(true)
  await Bun.sleep(300)
}

const gw = await startTestGateway({ limits: { tickIntervalMs: 600_000 } })
const budget = gw.runtime.limits.maxBufferedBytes
const connect4 = (scopes: string[]) =>
  JSON.stringify({ type: 'req', id: 'c', method: 'connect', params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: '1', platform: 'linux', mode: 'cli' }, scopes, auth: { token: gw.token } } })

// 1. Slow consumers.
{
  await settle()
  const before = rssMb()
  const slow: { socket: Socket }[] = []
  for (let i = 0; i < SLOW; i++) {
    const s = await openRawWebSocket(gw.port)
    s.send(connect4(['operator.read']))
    slow.push(s)
  }
  while (gw.runtime.connections.directory.count() < SLOW) await Bun.sleep(5)
  const watched = [...gw.runtime.connections.all()] as unknown as Connection[]
  for (const s of slow) s.socket.pause()
  const payload = { runId: 'flood', sessionKey: 'main', state: 'delta', message: { role: 'assistant', content: [{ type: 'text', text: 'x'.repeat(64 * 1024) }] } }
  const overAt = new Map<string, number>()
  const cutAfter: number[] = []
  let peak = 0
  const started = performance.now()
  // Stream chat events (which must arrive: a peer over budget is cut, not skipped) at about 40 MB/s.
  while (gw.runtime.connections.directory.count() > 0 && performance.now() - started < 60_000) {
    for (let i = 0; i < 32; i++) gw.runtime.connections.events.broadcast('chat', payload)
    for (const c of watched) {
      const buffered = (c as unknown as { ws: { getBufferedAmount(): number } }).ws.getBufferedAmount()
      if (buffered > budget * 0.9 && !overAt.has(c.connId)) overAt.set(c.connId, performance.now())
      if (!gw.runtime.connections.has(c.connId) && overAt.has(c.connId) && !cutAfter[watched.indexOf(c)]) {
        cutAfter[watched.indexOf(c)] = performance.now() - overAt.get(c.connId)!
      }
    }
    peak = Math.max(peak, rssMb())
    await Bun.sleep(50)
  }
  const seconds = (performance.now() - started) / 1000
  for (const s of slow) s.socket.destroy()
  console.log(`slow consumers: ${SLOW} stopped reading; all cut ${fmt(seconds, 1)} s after the flood began (budget ${fmt(budget / 1024 / 1024)} MiB each)`)
  console.log(`  from nearing the budget to cut: ${cutAfter.map((ms) => `${fmt(ms)} ms`).join(', ') || 'n/a'}  (target: about a second)`)
  console.log(`  RSS: ${fmt(before)} MB before, ${fmt(peak)} MB at the peak (+${fmt((peak - before) / SLOW)} MB per slow consumer)`)
}

// 2. Pre-auth frames: each socket sends one frame of FRAME_MB before any `connect`, to a gateway in its
//    own process (so the sender's buffers are not counted).
{
  const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-hostile-'))
  const child = await spawnGateway({ stateDir, args: ['--token', 'hostile'] })
  const childRss = () => Number(readFileSync(`/proc/${child.proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024
  await Bun.sleep(500)
  const before = childRss()
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, childRss())), 20)
  const sockets: Socket[] = []
  const frameBytes = FRAME_MB * 1024 * 1024
  let closed = 0
  await Promise.all(Array.from({ length: PREAUTH }, async () => {
    const socket = connect(child.port, '127.0.0.1')
    sockets.push(socket)
    socket.on('error', () => {})
    const gone = new Promise((resolve) => socket.once('close', resolve)).then(() => closed++)
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${child.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`)
    await new Promise((resolve) => socket.once('data', resolve))
    socket.on('data', () => {}) // the challenge and any close frame
    const header = Buffer.alloc(14)
    header[0] = 0x81
    header[1] = 0x80 | 127
    header.writeBigUInt64BE(BigInt(frameBytes), 2)
    randomBytes(4).copy(header, 10)
    socket.write(header)
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    for (let sent = 0; sent < frameBytes && !socket.destroyed; sent += chunk.length) {
      if (!socket.write(chunk)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), gone])
    }
  }))
  await Bun.sleep(500)
  clearInterval(sampler)
  const after = childRss()
  for (const s of sockets) s.destroy()
  child.proc.kill('SIGTERM')
  await child.proc.exited
  rmSync(stateDir, { recursive: true, force: true })
  console.log(`pre-auth frames: ${PREAUTH} sockets × ${FRAME_MB} MiB before connect: gateway RSS ${fmt(before)} MB before, ${fmt(peak)} MB at the peak (+${fmt(peak - before)} MB), ${fmt(after)} MB after; ${closed} sockets closed by the gateway`)
}

// 3. Live-reload streams.
{
  await settle()
  const base = `http://127.0.0.1:${gw.port}`
  const attempts = await Promise.all(Array.from({ length: 2000 }, () => fetch(`${base}/__openclaw__/live-reload`).catch(() => null)))
  const admitted = attempts.filter((r) => r?.status === 200)
  const refused = attempts.filter((r) => r?.status === 429).length
  const t0 = performance.now()
  const health = await fetch(`${base}/healthz`)
  const healthMs = performance.now() - t0
  console.log(`live-reload: 2000 requests → ${admitted.length} streams admitted, ${refused} refused with 429; /healthz ${health.status} in ${fmt(healthMs, 1)} ms meanwhile`)
  for (const r of admitted) await r!.body?.cancel()
}

await gw.stop()
process.exit(0)
