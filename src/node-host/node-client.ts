/**
 * The headless node host's connection: `connect` as role node (client `node-host`, mode `node`) with a
 * signed device proof, then serve `node.invoke.request` events until the socket closes; reconnect
 * with backoff (1 s doubling to 30 s, reset after a successful hello) until stopped.
 */
import { cpus, freemem, hostname, loadavg, totalmem } from 'node:os'
import type { TLSOptions } from 'bun'
import { PROTOCOL_VERSION } from '../protocol/index.ts'
import { logger } from '../log.ts'
import { VERSION } from '../version.ts'
import { NODE_HOST_CAPS, NODE_HOST_COMMANDS } from './commands/index.ts'
import { NodeCommandError, type CommandContext } from './commands/types.ts'
import { loadDeviceToken, saveDeviceToken, signConnect, type NodeIdentity } from './identity.ts'

const log = logger('node-host')
const MIN_BACKOFF_MS = 1_000
const MAX_BACKOFF_MS = 30_000
const STATS_INTERVAL_MS = 60_000

export interface NodeClientOptions {
  url: string
  gatewayToken?: string
  stateDir: string
  identity: NodeIdentity
  displayName: string
  /** Resolved before every attempt, so a pinned certificate is checked again on each reconnect. */
  tls?: () => Promise<TLSOptions>
  context: CommandContext
}

export function startNodeClient(opts: NodeClientOptions) {
  let stopped = false
  let ws: WebSocket | undefined
  let backoff = MIN_BACKOFF_MS
  let retryTimer: Timer | undefined
  let statsTimer: Timer | undefined
  let nextId = 1

  const platform = process.platform === 'darwin' ? 'macos' : process.platform === 'win32' ? 'windows' : process.platform
  const deviceFamily = { macos: 'Mac', windows: 'Windows', linux: 'Linux' }[platform as string]

  const send = (method: string, params: unknown) =>
    ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'req', id: `${nextId++}`, method, params }))

  function connectParams(nonce: string) {
    const deviceToken = loadDeviceToken(opts.stateDir, opts.identity.deviceId)
    const auth = opts.gatewayToken ? { token: opts.gatewayToken } : deviceToken ? { deviceToken } : {}
    const client = { id: 'node-host', displayName: opts.displayName, version: VERSION, platform, mode: 'node', ...(deviceFamily && { deviceFamily }) }
    const device = signConnect(opts.identity, {
      clientId: client.id, clientMode: client.mode, role: 'node', scopes: [], token: opts.gatewayToken ?? deviceToken ?? '', nonce, platform, deviceFamily,
    })
    return {
      minProtocol: PROTOCOL_VERSION, maxProtocol: PROTOCOL_VERSION, client, role: 'node', scopes: [],
      caps: NODE_HOST_CAPS, commands: Object.keys(NODE_HOST_COMMANDS), pathEnv: process.env.PATH ?? '', auth, device,
    }
  }

  async function invoke(request: { id: string; nodeId: string; command: string; paramsJSON?: string | null }) {
    const reply = (result: object) => send('node.invoke.result', { id: request.id, nodeId: request.nodeId, ...result })
    const command = NODE_HOST_COMMANDS[request.command]
    try {
      if (!command) throw new NodeCommandError('UNKNOWN_COMMAND', `this node does not serve ${request.command}`)
      const params = request.paramsJSON ? JSON.parse(request.paramsJSON) : {}
      const payload = await command(params, opts.context)
      reply({ ok: true, payloadJSON: JSON.stringify(payload ?? null) })
    } catch (err) {
      const code = err instanceof NodeCommandError ? err.code : 'COMMAND_FAILED'
      if (!(err instanceof NodeCommandError)) log.warn(`${request.command} failed`, err)
      reply({ ok: false, error: { code, message: (err as Error).message } })
    }
  }

  function reportStats() {
    const [l1 = 0, l5 = 0, l15 = 0] = loadavg()
    const stats = { cpuCount: Math.max(1, cpus().length), memoryTotalBytes: totalmem(), memoryFreeBytes: freemem(), ...(l1 + l5 + l15 > 0 && { loadAverage: [l1, l5, l15] }) }
    send('node.event', { event: 'node.host.stats', payloadJSON: JSON.stringify(stats) })
  }

  function onFrame(frame: { type: string; event?: string; id?: string; ok?: boolean; payload?: any; error?: any }) {
    if (frame.type === 'event' && frame.event === 'connect.challenge') {
      ws!.send(JSON.stringify({ type: 'req', id: 'connect', method: 'connect', params: connectParams(frame.payload.nonce) }))
    } else if (frame.type === 'res' && frame.id === 'connect') {
      if (!frame.ok) return log.warn(`gateway refused the connection: ${frame.error?.message} [${frame.error?.details?.code ?? frame.error?.code}]`)
      backoff = MIN_BACKOFF_MS
      const token = frame.payload?.auth?.deviceToken
      if (typeof token === 'string') saveDeviceToken(opts.stateDir, opts.identity.deviceId, token)
      log.info(`connected to ${opts.url} as node ${opts.identity.deviceId}`)
      reportStats()
      statsTimer = setInterval(reportStats, STATS_INTERVAL_MS)
    } else if (frame.type === 'event' && frame.event === 'node.invoke.request') {
      void invoke(frame.payload)
    } else if (frame.type === 'event' && frame.event === 'node.pair.resolved') {
      log.info(`command surface ${frame.payload?.decision} by an operator`)
    }
  }

  function retryLater(why: string) {
    if (stopped) return
    log.info(`${why}; retrying in ${backoff / 1000} s`)
    retryTimer = setTimeout(() => void open(), backoff)
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)
  }

  async function open() {
    if (stopped) return
    let tls: TLSOptions | undefined
    try {
      tls = await opts.tls?.()
    } catch (err) {
      return retryLater(`TLS check failed: ${(err as Error).message}`)
    }
    if (stopped) return
    ws = new WebSocket(opts.url, tls ? ({ tls } as never) : undefined)
    ws.addEventListener('message', (ev) => {
      try {
        onFrame(JSON.parse(String(ev.data)))
      } catch (err) {
        log.warn('bad frame from gateway', err)
      }
    })
    ws.addEventListener('close', (ev) => {
      clearInterval(statsTimer)
      retryLater(`disconnected (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`)
    })
  }

  void open()
  return {
    nodeId: opts.identity.deviceId,
    stop() {
      stopped = true
      clearTimeout(retryTimer)
      clearInterval(statsTimer)
      ws?.close(1000)
    },
  }
}

export const defaultDisplayName = () => hostname()
