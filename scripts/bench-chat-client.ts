/**
 * The load both `bench:agent` and `bench:floor` put on a server: operator connections that send
 * `chat.send` and time each run's first `chat` delta and its final, and the CPU figures around it.
 * The client parses only what it must (raw WebSocket frames; a `chat` frame's runId and state; the
 * final's text), so that on a two-core machine it leaves the server as much of the CPU as it can.
 */
import { readFileSync } from 'node:fs'
import { RawWsClient, type OnFrame } from './bench-ws-client.ts'

const CHAT_EVENT = '{"type":"event","event":"chat"'
const RES = Buffer.from('{"type":"res"')
const RUN_ID = Buffer.from('"runId":"')
const STATE = Buffer.from('"state":"')
const QUOTE = 0x22

export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
export const fmt = (ms: number) => `${ms.toFixed(2)} ms`
export const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES')

/** CPU milliseconds (user + system, all threads) a process has used so far, from /proc (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`)
}

/**
 * CPU milliseconds of a process's main thread alone: its JavaScript runs there, one thing at a time,
 * so this (not the process's total, which adds the HTTP client, JIT, GC and I/O threads) bounds how
 * fast a load can go however many cores there are.
 */
function jsThreadCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/task/${pid}/stat`)
}

function statCpuMs(path: string): number {
  const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024
}

export function ownCpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

interface Turn {
  t0: number
  firstDelta?: number
  expect: string
  resolve: (t: { firstDelta: number; final: number }) => void
  reject: (e: Error) => void
}

/**
 * One operator connection. Of the `chat` frames it decodes only the runId (found in the bytes); of its
 * own runs' frames the state, and it parses JSON only for the final, whose text it checks.
 */
export class BenchClient {
  private turns = new Map<string, Turn>()
  private onAnswer?: () => void
  private constructor(private ws: RawWsClient) {}

  get frames(): number {
    return this.ws.frames
  }

  static async connect(url: string, token: string, caps: string[] = []): Promise<BenchClient> {
    let onText: (text: string) => void = () => {}
    let onFrame: OnFrame = (bytes, start, end) => onText(bytes.toString('utf8', start, end))
    const ws = await RawWsClient.connect(url, (bytes, start, end) => onFrame(bytes, start, end))
    await new Promise<void>((resolve, reject) => {
      onText = (text) => {
        const frame = JSON.parse(text)
        if (frame.event === 'connect.challenge') {
          ws.send(JSON.stringify({
            type: 'req', id: 'connect', method: 'connect',
            params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: '0.0.1-bench', platform: 'linux', mode: 'cli' }, role: 'operator', scopes: ['operator.read', 'operator.write'], caps, auth: { token } },
          }))
        } else if (frame.type === 'res' && frame.id === 'connect') {
          if (frame.ok) resolve()
          else reject(new Error(`bench client: connect refused: ${JSON.stringify(frame.error)}`))
        }
      }
    })
    const client = new BenchClient(ws)
    ws.only(CHAT_EVENT)
    onFrame = (bytes, start, end) => client.onFrame(bytes, start, end)
    return client
  }

  /** Subscribes to these sessions' messages (and so, with `session-scoped-events`, to their live events). */
  async follow(sessionKeys: string[]): Promise<void> {
    let left = sessionKeys.length
    const answered = new Promise<void>((resolve) => (this.onAnswer = () => --left === 0 && resolve()))
    this.ws.only('{"type":"res"')
    for (const key of sessionKeys) this.ws.send(JSON.stringify({ type: 'req', id: `follow-${key}`, method: 'sessions.messages.subscribe', params: { key } }))
    await answered
    this.ws.only(CHAT_EVENT)
  }

  /** Sends `chat.send` and resolves with the time to its first delta and to its final. */
  turn(sessionKey: string, runId: string, expect: string): Promise<{ firstDelta: number; final: number }> {
    return new Promise((resolve, reject) => {
      this.turns.set(runId, { t0: performance.now(), expect, resolve, reject })
      this.ws.send(JSON.stringify({ type: 'req', id: runId, method: 'chat.send', params: { sessionKey, message: 'go', idempotencyKey: runId } }))
    })
  }

  close(): void {
    this.ws.close()
  }

  private onFrame(bytes: Buffer, start: number, end: number): void {
    if (bytes.compare(RES, 0, RES.length, start, start + RES.length) === 0) return this.onAnswer?.()
    const at = bytes.indexOf(RUN_ID, start) + RUN_ID.length
    const runId = bytes.toString('latin1', at, bytes.indexOf(QUOTE, at))
    const turn = this.turns.get(runId)
    if (!turn) return
    const s = bytes.indexOf(STATE, at) + STATE.length
    const state = bytes.toString('latin1', s, bytes.indexOf(QUOTE, s))
    if (state === 'delta') turn.firstDelta ??= performance.now() - turn.t0
    else if (state === 'final') {
      const text = bytes.toString('utf8', start, end)
      this.turns.delete(runId)
      const got = JSON.parse(text).payload.message.content[0].text
      if (got !== turn.expect) turn.reject(new Error(`run ${runId} returned ${JSON.stringify(got)}`))
      else if (turn.firstDelta === undefined) turn.reject(new Error(`run ${runId} had no delta`))
      else turn.resolve({ firstDelta: turn.firstDelta, final: performance.now() - turn.t0 })
    } else turn.reject(new Error(`run ended ${state}: ${bytes.toString('utf8', start, end)}`))
  }
}

export interface LoadFigures {
  wall: number
  firsts: number[]
  frames: number
  serverCpu: number
  serverJsCpu: number
  clientCpu: number
}

/**
 * `sessions` runs at once over `connections` connections (connected one after another: the gateway
 * caps handshakes in progress per client address), each streaming `chunks` pieces; `script` queues
 * the fake model's replies. `beforeLoad` runs once the clients are connected (a strace attaching).
 */
export async function streamingLoad(o: {
  url: string
  token: string
  pid: number
  sessions: number
  connections: number
  chunks: number
  sessionKey: (i: number) => string
  runId: (i: number) => string
  scoped?: boolean
  script: (chunks: string[]) => void
  beforeLoad?: () => Promise<void>
}): Promise<LoadFigures> {
  const clients: BenchClient[] = []
  for (let i = 0; i < o.connections; i++) clients.push(await BenchClient.connect(o.url, o.token, o.scoped ? ['session-scoped-events'] : []))
  try {
    if (o.scoped) {
      await Promise.all(clients.map((cl, c) => cl.follow(Array.from({ length: o.sessions }, (_, i) => i).filter((i) => i % o.connections === c).map(o.sessionKey))))
    }
    const chunks = Array.from({ length: o.chunks }, (_, i) => `tok${i} `)
    for (let i = 0; i < o.sessions; i++) o.script(chunks)
    await o.beforeLoad?.()
    const serverCpu0 = cpuMs(o.pid)
    const serverJsCpu0 = jsThreadCpuMs(o.pid)
    const clientCpu0 = ownCpuMs()
    const started = performance.now()
    const turns = await Promise.all(Array.from({ length: o.sessions }, (_, i) => clients[i % o.connections]!.turn(o.sessionKey(i), o.runId(i), chunks.join(''))))
    return {
      wall: performance.now() - started,
      serverCpu: cpuMs(o.pid) - serverCpu0,
      serverJsCpu: jsThreadCpuMs(o.pid) - serverJsCpu0,
      clientCpu: ownCpuMs() - clientCpu0,
      firsts: turns.map((t) => t.firstDelta),
      frames: clients.reduce((n, cl) => n + cl.frames, 0),
    }
  } finally {
    for (const cl of clients) cl.close()
  }
}

/** The load's figures, each beside its target (issue 15). */
export function printLoad(f: LoadFigures, o: { sessions: number; connections: number; chunks: number; scoped?: boolean; server: string }): void {
  console.log(`${o.sessions} sessions streaming at once over ${o.connections} connections (${o.chunks} chunks each; ${o.scoped ? 'each connection follows its own sessions' : 'every connection sees every session'}): all done in ${fmt(f.wall)} (target ≤ 1 s: ${verdict(f.wall <= 1000)})`)
  console.log(`  first delta p50 ${fmt(pct(f.firsts, 50))} (target ≤ 20 ms: ${verdict(pct(f.firsts, 50) <= 20)})  p99 ${fmt(pct(f.firsts, 99))} (target ≤ 100 ms: ${verdict(pct(f.firsts, 99) <= 100)})`)
  console.log(`  ${f.frames} frames read by the clients when the last run ended (${(f.frames / o.sessions).toFixed(1)} per turn, ~${Math.round(f.frames / (f.wall / 1000))}/s); ${o.server} CPU ${Math.round(f.serverCpu)} ms (${(f.serverCpu / o.sessions).toFixed(2)} ms per turn, ${Math.round(f.frames / (f.serverCpu / 1000))} frames per CPU second), of it on its JavaScript thread ${Math.round(f.serverJsCpu)} ms (${(f.serverJsCpu / o.sessions).toFixed(2)} ms per turn); bench process CPU (clients and fake model) ${Math.round(f.clientCpu)} ms`)
}
