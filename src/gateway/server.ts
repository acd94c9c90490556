/**
 * One `Bun.serve` for HTTP and WebSocket on one port. `fetch` answers the HTTP routes or upgrades the
 * socket after the cheap checks (pre-auth budget per IP, proxy attribution); `websocket` hands each
 * socket to its Connection.
 */
import type { Server } from 'bun'
import {
  HANDSHAKE_TIMEOUT_MS, HEALTH_REFRESH_INTERVAL_MS, MAX_BUFFERED_BYTES, MAX_PAYLOAD_BYTES,
  MAX_PREAUTH_CONNECTIONS_PER_IP, TICK_INTERVAL_MS, EVENT_SCOPE_GUARDS, methodParamsValidator,
} from '../protocol/index.ts'
import type { GatewaySettings } from '../config/settings.ts'
import { resolveClientAddress } from '../auth/locality.ts'
import { createAuthRateLimiter } from '../auth/rate-limiter.ts'
import { METHODS, type GatewayServices } from '../methods/index.ts'
import { createSessionSubscriptions, publishSessionActivity } from '../methods/session-subscriptions.ts'
import { openDatabase, type Db } from '../store/db.ts'
import { createPairingStore } from '../store/pairing-store.ts'
import { createAgentRuntime } from '../agent/runtime.ts'
import { createChannelPairingStore } from '../store/channel-pairing-store.ts'
import { createChannelManager } from '../channels/manager.ts'
import type { ChannelManagerDeps } from '../channels/manager.ts'
import type { AgentPort } from '../channels/types.ts'
import { createNodePairingStore } from '../store/node-pairing-store.ts'
import { createNodeService } from '../nodes/service.ts'
import { agentNodeInvoker } from '../nodes/agent-invoker.ts'
import { createCanvasHost } from '../canvas/canvas-host.ts'
import { createControlUiHost } from '../control-ui/host.ts'
import { VERSION } from '../version.ts'
import { logger } from '../log.ts'
import { Connection } from './connection.ts'
import { createConnectionSet } from './connection-set.ts'
import { createHealthMonitor } from './health.ts'
import { acquireHostLock, type HostLock } from './host-lock.ts'
import { routeHttp, type HttpRoute } from './http-routes.ts'
import { createIdempotencyCache } from './idempotency.ts'
import { createPresenceRegistry } from './presence.ts'
import { createPreauthBudget } from './preauth-budget.ts'
import type { CompiledMethod, GatewayLimits, GatewayRuntime } from './runtime.ts'
import { createStateVersions } from './state-versions.ts'
import { exposureWarnings } from './exposure-warnings.ts'
import type { TlsMaterial } from './tls-material.ts'

const log = logger('gateway')

export class GatewayStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'GatewayStartError'
  }
}

export interface StartOptions {
  settings: GatewaySettings
  limits?: Partial<GatewayLimits>
  /** `:memory:` keeps nothing on disk (tests); default: the state dir's database. */
  database?: ':memory:'
  /** Take the one-gateway-per-state-dir lock (default true). */
  lock?: boolean
  /** HTTP routes added after the built-in ones (tests use this to mount fakes behind the gateway). */
  routes?: HttpRoute[]
  /** The agent that answers channel messages (read at each turn). */
  agent?: AgentPort
  /** The pairing store's clock (tests age pending requests past their TTL with it). */
  clock?: () => number
  /** Channel adapter factories that replace the providers' own (tests wire WhatsApp to a stand-in socket). */
  channelFactories?: ChannelManagerDeps['factories']
}

export interface RunningGateway {
  url: string
  port: number
  runtime: GatewayRuntime
  /** Tells every client, closes every socket with 1012, releases the port, the lock and the database. */
  stop(reason?: string): Promise<void>
}

export async function startGateway(opts: StartOptions): Promise<RunningGateway> {
  const settings = opts.settings
  const limits: GatewayLimits = {
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
    maxBufferedBytes: MAX_BUFFERED_BYTES,
    handshakeTimeoutMs: Number(process.env.OPENCLAW_HANDSHAKE_TIMEOUT_MS) || HANDSHAKE_TIMEOUT_MS,
    maxPreauthPerIp: Number(process.env.OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP) || MAX_PREAUTH_CONNECTIONS_PER_IP,
    tickIntervalMs: TICK_INTERVAL_MS,
    idleTimeoutSec: 60,
    ...opts.limits,
  }
  const lock: HostLock | undefined =
    opts.lock === false ? undefined : await acquireHostLock({ stateDir: settings.stateDir, configPath: settings.configPath, port: settings.port })
  let db: Db | undefined
  try {
    db = openDatabase(opts.database ?? settings.stateDir)
    return await listen(opts, limits, db, lock)
  } catch (err) {
    db?.close()
    lock?.release()
    throw err
  }
}

async function listen(opts: StartOptions, limits: GatewayLimits, db: Db, lock: HostLock | undefined): Promise<RunningGateway> {
  const settings = opts.settings
  const startedAt = Date.now()
  const bootId = crypto.randomUUID()
  const versions = createStateVersions()
  const connections = createConnectionSet(versions)
  const heartbeats = { enabled: true, last: null }
  const health = createHealthMonitor({ events: connections.events, versions, heartbeatSeconds: () => Math.round(settings.agent.heartbeat.everyMs / 1000) })
  const presenceKeys = new Set<string>()
  const presence = createPresenceRegistry({
    version: VERSION,
    bootId,
    events: connections.events,
    versions,
    isLive: (key) => presenceKeys.has(key),
  })
  const pairing = createPairingStore(db, opts.clock)
  const nodes = createNodeService({ pairing, nodePairing: createNodePairingStore(db), events: connections.events, policy: settings.nodeCommands })
  const channelPairing = createChannelPairingStore(db)
  // The agent answers channel messages unless a test brings its own; read at each turn.
  const channels = createChannelManager({
    channels: settings.channels,
    env: process.env,
    stateDir: settings.stateDir,
    pairing: channelPairing,
    agent: () => opts.agent ?? agentRuntime.agent,
    onChange: () => health.refresh(),
    factories: opts.channelFactories,
  })
  health.addContributor(() => channels.health())
  // The agent's send tool goes through the channels' own send path; its node tool through the node service.
  const agentRuntime = createAgentRuntime({
    settings, db, events: connections.events, heartbeats,
    ports: { outbound: channels, nodeInvoker: agentNodeInvoker(nodes) },
  })
  health.addContributor(agentRuntime.health)
  const services: GatewayServices = {
    agent: agentRuntime.agent,
    sessions: agentRuntime.sessions,
    sessionSubscriptions: createSessionSubscriptions(connections.events),
    cron: agentRuntime.cron,
    settings,
    version: VERSION,
    startedAt,
    pairing,
    events: connections.events,
    presence,
    health,
    heartbeats,
    connections: connections.directory,
    channels,
    channelPairing,
    nodes,
  }

  publishSessionActivity(services)

  const registry = compileRegistry()
  const rt: GatewayRuntime = {
    services,
    bootId,
    limits,
    registry,
    advertisedMethods: [...registry.values()].filter((m) => !m.def.unadvertised).map((m) => m.def.name),
    advertisedEvents: ['connect.challenge', ...Object.keys(EVENT_SCOPE_GUARDS)],
    idempotency: createIdempotencyCache(),
    rateLimiter: createAuthRateLimiter(settings.rateLimit),
    connections,
    versions,
    preauth: createPreauthBudget(limits.maxPreauthPerIp),
    stopping: false,
    canvas: createCanvasHost(settings.stateDir),
    controlUi: createControlUiHost(settings.controlUi),
  }
  const sockets = new Set<Connection>()
  const tls = await loadTls(settings)

  let server: Server<Connection>
  try {
    server = Bun.serve<Connection>({
      hostname: settings.host,
      port: settings.port,
      ...(tls && { tls: { cert: tls.cert, key: tls.key } }),
      fetch(req, srv) {
        const url = new URL(req.url)
        if (req.headers.get('upgrade')?.toLowerCase() === 'websocket') return upgrade(req, srv)
        return routeHttp(req, url, rt, opts.routes ?? [])
      },
      websocket: {
        maxPayloadLength: limits.maxPayloadBytes,
        backpressureLimit: limits.maxBufferedBytes,
        closeOnBackpressureLimit: false,
        perMessageDeflate: false,
        // uWS pings an idle socket and drops it when nothing (not even a pong) comes back in time.
        idleTimeout: limits.idleTimeoutSec,
        sendPings: true,
        open(ws) {
          sockets.add(ws.data)
          ws.data.onOpen(ws)
          if (ws.data.upgrade.address.unattributable) ws.data.close(1008, 'gateway ingress attribution required')
        },
        message(ws, message) {
          ws.data.onMessage(message)
        },
        close(ws) {
          sockets.delete(ws.data)
          ws.data.onClosed()
        },
      },
    })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      rt.canvas.close()
      throw new GatewayStartError(`port ${settings.port} is already in use on ${settings.host} (another gateway or program is listening there)`, { cause: err })
    }
    rt.canvas.close()
    throw new GatewayStartError(`cannot listen on ${settings.host}:${settings.port}: ${(err as Error).message}`, { cause: err })
  }

  function upgrade(req: Request, srv: Server<Connection>): Response | undefined {
    const peer = srv.requestIP(req)?.address ?? ''
    const address = resolveClientAddress(peer, req.headers, settings.trustedProxies, settings.ownTailnetAddresses)
    if (rt.stopping) return new Response('gateway is shutting down', { status: 503 })
    if (!rt.preauth.claim(address.ip)) return new Response('too many unauthenticated connections from this address', { status: 429 })
    const conn = new Connection(rt, { address, origin: req.headers.get('origin'), host: req.headers.get('host') })
    if (srv.upgrade(req, { data: conn })) return undefined
    rt.preauth.release(address.ip)
    return new Response('websocket upgrade failed', { status: 400 })
  }

  // Presence keys of live sockets, so their entries never expire while connected.
  const trackPresence = setInterval(() => {
    presenceKeys.clear()
    for (const c of sockets) if (c.presenceKey && c.isReady) presenceKeys.add(c.presenceKey)
  }, 10_000)
  const tick = setInterval(() => connections.events.broadcast('tick', { ts: Date.now() }), limits.tickIntervalMs)
  const healthTimer = setInterval(() => health.refresh(), HEALTH_REFRESH_INTERVAL_MS)
  const pruneTimer = setInterval(() => rt.idempotency.prune(), 60_000)
  for (const t of [trackPresence, tick, healthTimer, pruneTimer]) t.unref()

  agentRuntime.start()
  const port = server.port!
  const shownHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host
  const scheme = tls ? 'wss' : 'ws'
  log.info(`listening on ${scheme}://${shownHost}:${port} (auth: ${settings.auth.mode}; started in ${Math.round(performance.now())} ms)`)
  if (tls) log.info(`TLS certificate${tls.generated ? ' (self-signed, just generated)' : ''} SHA-256 fingerprint: ${tls.fingerprint256}`)
  for (const warning of exposureWarnings(settings, Boolean(tls))) log.warn(warning)
  channels.startAll()

  let stopped: Promise<void> | undefined
  async function stop(reason = 'gateway stopping'): Promise<void> {
    stopped ??= (async () => {
      rt.stopping = true
      agentRuntime.stop()
      connections.events.broadcast('shutdown', { reason })
      for (const c of sockets) c.close(1012, 'service restart')
      for (const t of [trackPresence, tick, healthTimer, pruneTimer]) clearInterval(t)
      // Give close frames a moment to leave before the listener goes.
      await Bun.sleep(50)
      await channels.stopAll()
      server.stop(true)
      rt.canvas.close()
      health.stop()
      db.close()
      lock?.release()
    })()
    return stopped
  }

  return { url: `${scheme}://${shownHost}:${port}`, port, runtime: rt, stop }
}

async function loadTls(settings: GatewaySettings): Promise<TlsMaterial | undefined> {
  if (!settings.tls) return undefined
  try {
    // Loaded only when TLS is on: it needs node:crypto, which plain loopback start-up does without.
    const { loadTlsMaterial } = await import('./tls-material.ts')
    return await loadTlsMaterial(settings.tls, [settings.host, ...settings.ownTailnetAddresses])
  } catch (err) {
    throw new GatewayStartError(`TLS: ${(err as Error).message}`, { cause: err })
  }
}

function compileRegistry(): Map<string, CompiledMethod> {
  const registry = new Map<string, CompiledMethod>()
  for (const def of METHODS) {
    const params = methodParamsValidator(def.name)
    if (!params) throw new Error(`method ${def.name} has no schema in protocol/methods (run \`bun run protocol:gen\`)`)
    registry.set(def.name, { def, params })
  }
  return registry
}
