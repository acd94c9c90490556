/**
 * One server under test (the gateway, or the echo baseline), spawned as its own process, with a
 * uniform client API: open a ready socket, and make request/response round trips over it.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const TOKEN = 'bench-token'

export interface Target {
  name: string
  pid: number
  url: string
  /** ms from spawn to the first successful round trip. */
  startupMs: number
  /** A socket that is ready for requests (handshake done for the gateway). */
  open(): Promise<WebSocket>
  /** The request text for round trip i (the echo server just echoes it). */
  request(i: number): string
  stop(): Promise<void>
}

const root = join(import.meta.dir, '..', '..')

/** `stateDir` reuses a state directory (a restart); by default each start gets a fresh one (a first start). */
export async function startTarget(kind: 'gateway' | 'echo', binary?: string, stateDir = mkdtempSync(join(tmpdir(), 'openclaw-bench-'))): Promise<Target> {
  const cmd =
    kind === 'echo'
      ? [process.execPath, join(import.meta.dir, 'echo-server.ts')]
      : [...(binary ? [binary] : [process.execPath, join(root, 'src', 'main.ts')]), 'gateway', 'run', '--port', '0']
  const started = performance.now()
  // The token comes in the environment, as the systemd unit gives it: on the command line the daemon
  // would first re-execute itself to take it out of /proc/PID/cmdline (cli/hide-secret-args.ts).
  const proc = Bun.spawn(cmd, {
    env: { ...process.env, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_CONFIG_PATH: join(stateDir, 'openclaw.json'), OPENCLAW_GATEWAY_TOKEN: TOKEN },
    stdout: 'pipe',
    stderr: 'inherit',
  })
  const url = await readUrl(proc.stdout as ReadableStream<Uint8Array>)
  const open = kind === 'echo' ? () => openSocket(url) : () => openGatewaySocket(url)
  const request = (i: number) => `{"type":"req","id":"${i}","method":"health","params":{}}`
  const probe = await open()
  await roundTrip(probe, request(0))
  const startupMs = performance.now() - started
  probe.close()
  return {
    name: kind,
    pid: proc.pid,
    url,
    startupMs,
    open,
    request,
    async stop() {
      proc.kill('SIGTERM')
      await proc.exited
    },
  }
}

async function readUrl(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder()
  const reader = stream.getReader()
  let text = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`server exited before listening: ${text}`)
    text += decoder.decode(value)
    const m = text.match(/listening on (ws:\/\/\S+)/)
    if (!m) continue
    // Keep draining: a pipe nobody reads would eventually block the server's log writes.
    void (async () => {
      while (!(await reader.read()).done);
    })()
    return m[1]!
  }
}

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.onopen = () => resolve(ws)
    ws.onerror = () => reject(new Error(`cannot open ${url}`))
  })
}

/** Opens a socket and completes the handshake as the CLI does (token, cli/cli). */
function openGatewaySocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.onerror = () => reject(new Error(`cannot open ${url}`))
    ws.onmessage = (ev) => {
      const frame = JSON.parse(String(ev.data))
      if (frame.event === 'connect.challenge') {
        ws.send(JSON.stringify({
          type: 'req', id: 'c', method: 'connect',
          params: {
            minProtocol: 4, maxProtocol: 4,
            client: { id: 'cli', version: 'bench', platform: process.platform, mode: 'cli' },
            role: 'operator', scopes: ['operator.read', 'operator.write'], auth: { token: TOKEN },
          },
        }))
      } else if (frame.type === 'res' && frame.id === 'c') {
        ws.onmessage = null
        frame.ok ? resolve(ws) : reject(new Error(frame.error.message))
      }
    }
  })
}

export function roundTrip(ws: WebSocket, text: string): Promise<void> {
  return new Promise((resolve) => {
    ws.onmessage = (ev) => {
      if (String(ev.data).startsWith('{"type":"event"')) return // ticks and presence, not our answer
      ws.onmessage = null
      resolve()
    }
    ws.send(text)
  })
}

export function rssMb(pid: number): number {
  const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0)
  return Math.round((kb / 1024) * 10) / 10
}
