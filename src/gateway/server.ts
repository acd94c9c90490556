/**
 * One `Bun.serve` for HTTP and WebSocket on one port. `fetch` answers the HTTP routes or upgrades the
 * socket after the cheap checks (pre-auth budget per IP, proxy attribution); `websocket` hands each
 * socket to its Connection.
 */
import type { Server } from 'bun'
import { isDeepStrictEqual } from 'node:util'
import {
  HANDSHAKE_TIMEOUT_MS, HEALTH_REFRESH_INTERVAL_MS, MAX_BUFFERED_BYTES, MAX_PAYLOAD_BYTES,
  MAX_PREAUTH_CONNECTIONS_PER_IP, MAX_PREAUTH_CONNECTIONS_TOTAL, TICK_INTERVAL_MS, EVENT_SCOPE_GUARDS, methodParamsValidator,
} from '../protocol/index.ts'
import type { GatewayFlags, GatewaySettings } from '../config/settings.ts'
import { createLiveSettings } from '../config/live-settings.ts'
import type { LoadedConfig } from '../config/load-config.ts'
import { resolveClientAddress, type ClientAddress } from '../auth/locality.ts'
import { createAuthRateLimiter } from '../auth/rate-limiter.ts'
import { METHODS, type GatewayServices } from '../methods/index.ts'
import { createSessionSubscriptions, publishSessionActivity } from '../methods/session-subscriptions.ts'
import { openDatabase, type Db } from '../store/db.ts'
import { importOriginalState } from '../migrate/index.ts'
import { groupCommit } from '../store/group-commit.ts'
import { createPairingStore } from '../store/pairing-store.ts'
import { createAgentRuntime } from '../agent/runtime.ts'
import { createChatCommands } from '../commands/chat-commands.ts'
import { resolveRoute } from '../routing/resolve-route.ts'
import { createChannelCursorStore } from '../store/channel-cursor-store.ts'
import { createChannelInboxStore } from '../store/channel-inbox-store.ts'
import { startCheckpointer, type Checkpointer } from '../store/checkpointer.ts'
import { createChannelPairingStore } from '../store/channel-pairing-store.ts'
import { createChannelManager } from '../channels/manager.ts'
import { createGroupHistoryStore } from '../store/group-history-store.ts'
import type { ChannelManagerDeps } from '../channels/manager.ts'
import type { AgentPort } from '../channels/types.ts'
import { createNodePairingStore } from '../store/node-pairing-store.ts'
import { createNodeService } from '../nodes/service.ts'
import { agentNodeInvoker } from '../nodes/agent-invoker.ts'
import { createCanvasHost } from '../canvas/canvas-host.ts'
import { createControlUiHost } from '../control-ui/host.ts'
import { LIVE_RELOAD_MAX_AGE_MS, MAX_LIVE_RELOAD_STREAMS } from '../canvas/live-reload.ts'
import { VERSION } from '../version.ts'
import { gatewayLogs, logger } from '../log.ts'
import { credentialValues, setSecrets } from '../logs/redact.ts'
import { Connection } from './connection.ts'
import { createConnectionSet } from './connection-set.ts'
import { escapeHealth } from './escape-guard.ts'
import { createHealthMonitor } from './health.ts'
import { createEventLoopHealth } from './event-loop-health.ts'
import { acquireHostLock, type HostLock } from './host-lock.ts'
import { httpError, renderUnexpected } from '../http/http-error.ts'
import { proxyAttributionRequired } from '../http/proxy-attribution.ts'
import { routeHttp, type GatewayRoute } from './http-routes.ts'
import { createIdempotencyCache } from './idempotency.ts'
import { createPresenceRegistry } from './presence.ts'
import { createPreauthBudget } from './preauth-budget.ts'
import type { CompiledMethod, GatewayLimits, GatewayRuntime } from './runtime.ts'
import { createStateVersions } from './state-versions.ts'
import { exposureWarnings } from './exposure-warnings.ts'
import { createConfigReloader } from './config-reloader.ts'
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
  /** The parsed file `settings` came from; the live reloader compares edits against it (default: read the file). */
  loaded?: LoadedConfig
  /** The command-line flags `settings` were resolved with: they keep winning over the file on every reload. */
  flags?: GatewayFlags
  /** The environment `settings` were resolved with (default: this process's). */
  env?: Record<string, string | undefined>
  /** Called when a config edit needs a new listener (port, bind, TLS, auth mode); absent, the change waits for a restart. */
  onRestart?: (reason: string) => void
  limits?: Partial<GatewayLimits>
  /** `:memory:` keeps nothing on disk (tests); default: the state dir's database. */
  database?: ':memory:'
  /** Take the one-gateway-per-state-dir lock (default true). */
  lock?: boolean
  /** HTTP routes added after the built-in ones (tests use this to mount fakes behind the gateway). */
  routes?: GatewayRoute[]
  /** The pairing store's clock (tests age pending requests past their TTL with it). */
  clock?: () => number
  /** Channel adapter factories that replace the providers' own (tests wire WhatsApp to a stand-in socket). */
  channelFactories?: ChannelManagerDeps['factories']
  /** `--move-corrupt-db`: a corrupt or truncated database is moved aside and an empty one created. */
  moveCorruptDb?: boolean
}

export interface RunningGateway {
  url: string
  port: number
  runtime: GatewayRuntime
  /** The open database (tests cap its size with `PRAGMA max_page_count` to stand in for a full disk). */
  database: Db
  /** Tells every client, closes every socket with 1012, releases the port, the lock and the database. */
  stop(reason?: string, restartExpectedMs?: number): Promise<void>
}

export async function startGateway(opts: StartOptions): Promise<RunningGateway> {
  const settings = opts.settings
  const limits: GatewayLimits = {
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
    maxBufferedBytes: MAX_BUFFERED_BYTES,
    handshakeTimeoutMs: Number(process.env.OPENCLAW_HANDSHAKE_TIMEOUT_MS) || HANDSHAKE_TIMEOUT_MS,
    maxPreauthPerIp: Number(process.env.OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP) || MAX_PREAUTH_CONNECTIONS_PER_IP,
    maxPreauthTotal: MAX_PREAUTH_CONNECTIONS_TOTAL,
    maxLiveReloadStreams: MAX_LIVE_RELOAD_STREAMS,
    liveReloadMaxAgeMs: LIVE_RELOAD_MAX_AGE_MS,
    tickIntervalMs: TICK_INTERVAL_MS,
    idleTimeoutSec: 60,
    ...opts.limits,
  }
  const lock: HostLock | undefined =
    opts.lock === false ? undefined : await acquireHostLock({ stateDir: settings.stateDir, configPath: settings.configPath, port: settings.port })
  let db: Db | undefined
  try {
    db = openDatabase(opts.database ?? settings.stateDir, {
      moveCorruptAside: opts.moveCorruptDb,
      onMovedAside: (movedTo) => log.warn(`the database was corrupt; moved it aside to ${movedTo} and started with an empty one`),
    })
    if (!opts.database) importOriginalState(db, settings)
    return await listen(opts, limits, db, lock)
  } catch (err) {
    db?.close()
    lock?.release()
    throw err
  }
}

async function listen(opts: StartOptions, limits: GatewayLimits, db: Db, lock: HostLock | undefined): Promise<RunningGateway> {
  // The listener is built from the start-up settings; everything else reads `live.current` when it acts.
  const settings = opts.settings
  const live = createLiveSettings(settings)
  const startedAt = Date.now()
  // Log lines mask the secrets of the config in force (rebuilt when an edit takes effect).
  const maskSecrets = (s: GatewaySettings) => setSecrets([
    s.auth.token, s.auth.password,
    ...Object.values(s.agent.providers).flatMap((p) => [p.apiKey, ...credentialValues(p.headers)]),
    ...credentialValues(s.channels),
  ])
  maskSecrets(settings)
  live.onChange(maskSecrets)
  const bootId = crypto.randomUUID()
  const versions = createStateVersions()
  // Asked only when a session's event goes to a connection, long after `services` below exists.
  const connections = createConnectionSet(versions, (sessionKey) => services.sessionSubscriptions.followersOf(sessionKey))
  const heartbeats = { enabled: true, last: null }
  const health = createHealthMonitor({
    events: connections.events, versions,
    agentDefaults: () => ({ heartbeatSeconds: Math.round(live.current.agent.heartbeat.everyMs / 1000), defaultAgentId: live.current.agent.defaultAgentId }),
  })
  const presenceKeys = new Set<string>()
  const presence = createPresenceRegistry({
    version: VERSION,
    bootId,
    events: connections.events,
    versions,
    isLive: (key) => presenceKeys.has(key),
  })
  const pairing = createPairingStore(db, opts.clock)
  const nodes = createNodeService({ pairing, nodePairing: createNodePairingStore(db), events: connections.events, policy: () => live.current.nodeCommands })
  const channelPairing = createChannelPairingStore(db)
  // The agent is built after the channels (its send tool is their send path); read at each message.
  // Only while the agent runtime runs: a message that arrives outside that (stopping) is kept and
  // answered once an agent is there again (channels/router.ts).
  let agentRunning = false
  const channels = createChannelManager({
    channels: settings.channels,
    env: process.env,
    stateDir: settings.stateDir,
    pairing: channelPairing,
    inbox: createChannelInboxStore(db),
    cursors: createChannelCursorStore(db),
    agent: () => (agentRunning ? channelAgent : undefined),
    route: (facts) => resolveRoute(live.current.agent, facts),
    audio: () => live.current.media.audio,
    messages: () => live.current.messages,
    agentProfile: (agentId) => live.current.agent.agents.find((a) => a.id === agentId),
    groupHistory: createGroupHistoryStore(db),
    onChange: () => health.refresh(),
    factories: opts.channelFactories,
  })
  health.addContributor(() => channels.health())
  health.addContributor(escapeHealth)
  // Started once the gateway listens (below); until then the connection checkpoints by itself.
  let checkpointer: Checkpointer | undefined
  // The agent's send tool goes through the channels' own send path; its node tool through the node service.
  const agentRuntime = createAgentRuntime({
    live, db, events: connections.events, heartbeats, checkpoint: () => checkpointer?.checkpoint() ?? Promise.resolve(),
    ports: { outbound: channels, nodeInvoker: agentNodeInvoker(nodes) },
  })
  health.addContributor(agentRuntime.health)
  const commands = createChatCommands({
    live, agent: agentRuntime.agent, sessions: agentRuntime.sessions, sessionState: agentRuntime.sessionState, startedAt, version: VERSION,
  })
  const channelAgent: AgentPort = {
    command: (text, ctx) => commands.handle(text, ctx),
    async runTurn(input) {
      const { text, outcome } = await agentRuntime.agent.runTurn(input)
      return { text, stopped: outcome.summary === 'aborted' }
    },
    abort: (sessionKey, runId) => void agentRuntime.agent.abort(sessionKey, runId),
  }
  const config = createConfigReloader({
    live, loaded: opts.loaded, flags: opts.flags ?? {}, env: opts.env ?? process.env, channels, connections: connections, events: connections.events, health, onRestart: opts.onRestart,
  })
  health.addContributor(() => ({ configReload: config.status() }))
  // This gateway loads no plugins: nothing loaded, failed or unavailable.
  health.addContributor(() => ({ plugins: { loaded: [], errors: [], unavailable: [] } }))
  live.onChange((next, previous) => {
    if (!isDeepStrictEqual(next.nodeCommands, previous.nodeCommands)) nodes.registry.reapplyPolicy()
  })
  const services: GatewayServices = {
    agent: agentRuntime.agent,
    commands,
    sessions: agentRuntime.sessions,
    maintenance: agentRuntime.maintenance,
    sessionSubscriptions: createSessionSubscriptions(connections.events),
    cron: agentRuntime.cron,
    usage: agentRuntime.usage,
    get settings() {
      return live.current
    },
    live,
    config,
    version: VERSION,
    startedAt,
    bootId,
    get port() {
      return server.port ?? settings.port
    },
    pairing,
    events: connections.events,
    presence,
    health,
    heartbeats,
    connections: connections.directory,
    channels,
    channelPairing,
    nodes,
    logs: gatewayLogs,
  }

  publishSessionActivity(services)

  const registry = compileRegistry()
  const tls = await loadTls(settings)
  const rt: GatewayRuntime = {
    services,
    commits: groupCommit(db),
    bootId,
    limits,
    registry,
    advertisedMethods: [...registry.values()].filter((m) => !m.def.unadvertised).map((m) => m.def.name),
    advertisedEvents: ['connect.challenge', ...Object.keys(EVENT_SCOPE_GUARDS)],
    idempotency: createIdempotencyCache(),
    rateLimiter: createAuthRateLimiter(() => live.current.rateLimit),
    connections,
    versions,
    preauth: createPreauthBudget(limits.maxPreauthPerIp, limits.maxPreauthTotal),
    stopping: false,
    secure: Boolean(tls),
    canvas: createCanvasHost(settings.stateDir, { maxStreams: limits.maxLiveReloadStreams, maxAgeMs: limits.liveReloadMaxAgeMs }),
    controlUi: createControlUiHost(settings.controlUi),
  }
  const sockets = new Set<Connection>()

  let server: Server<Connection>
  try {
    server = Bun.serve<Connection>({
      hostname: settings.host,
      port: settings.port,
      ...(tls && { tls: { cert: tls.cert, key: tls.key } }),
      // Bun's development error page shows source and paths: never, whatever NODE_ENV says.
      development: false,
      error: renderUnexpected,
      fetch(req, srv) {
        const url = new URL(req.url)
        const client = resolveClientAddress(srv.requestIP(req)?.address ?? '', req.headers, live.current.trustedProxies, live.current.ownTailnetAddresses)
        if (req.headers.get('upgrade')?.toLowerCase() === 'websocket') return upgrade(req, srv, client)
        return routeHttp(req, url, rt, client, opts.routes ?? [])
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

  function upgrade(req: Request, srv: Server<Connection>, address: ClientAddress): Response | undefined {
    if (rt.stopping) return httpError(503, 'gateway is shutting down')
    if (address.unattributable) return proxyAttributionRequired()
    if (!rt.preauth.claim(address.ip)) return httpError(429, 'too many unauthenticated connections')
    const conn = new Connection(rt, { address, origin: req.headers.get('origin'), host: req.headers.get('host') })
    if (srv.upgrade(req, { data: conn })) return undefined
    rt.preauth.release(address.ip)
    return httpError(400, 'websocket upgrade failed')
  }

  // Measured from here on: a start-up that fails above leaves no sampling timer behind.
  const eventLoop = createEventLoopHealth()
  health.addContributor(() => ({ eventLoop: eventLoop.sample() }))

  // Presence keys of live sockets, so their entries never expire while connected.
  const trackPresence = setInterval(() => {
    presenceKeys.clear()
    for (const c of sockets) if (c.presenceKey && c.isReady) presenceKeys.add(c.presenceKey)
  }, 10_000)
  const tick = setInterval(() => connections.events.broadcast('tick', { ts: Date.now() }), limits.tickIntervalMs)
  const healthTimer = setInterval(() => health.refresh(), HEALTH_REFRESH_INTERVAL_MS)
  const pruneTimer = setInterval(() => {
    rt.idempotency.prune()
    rt.rateLimiter.prune()
  }, 60_000)
  for (const t of [trackPresence, tick, healthTimer, pruneTimer]) t.unref()

  checkpointer = startCheckpointer(db)
  agentRuntime.start()
  agentRunning = true
  const port = server.port!
  lock?.recordPort(port)
  const shownHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host
  const scheme = tls ? 'wss' : 'ws'
  log.info(`listening on ${scheme}://${shownHost}:${port} (auth: ${settings.auth.mode}; started in ${Math.round(performance.now())} ms)`)
  if (tls) log.info(`TLS certificate${tls.generated ? ' (self-signed, just generated)' : ''} SHA-256 fingerprint: ${tls.fingerprint256}`)
  for (const warning of exposureWarnings(settings, Boolean(tls))) log.warn(warning)
  channels.startAll()

  let stopped: Promise<void> | undefined
  async function stop(reason = 'gateway stopping', restartExpectedMs?: number): Promise<void> {
    stopped ??= (async () => {
      rt.stopping = true
      config.close()
      agentRunning = false
      agentRuntime.stop()
      connections.events.broadcast('shutdown', { reason, ...(restartExpectedMs !== undefined && { restartExpectedMs }) })
      for (const c of sockets) c.close(1012, 'service restart')
      for (const t of [trackPresence, tick, healthTimer, pruneTimer]) clearInterval(t)
      // Give close frames a moment to leave before the listener goes.
      await Bun.sleep(50)
      await channels.stopAll()
      server.stop(true)
      rt.canvas.close()
      health.stop()
      eventLoop.stop()
      // The checkpointer first: a write made while it stops still joins the last commit.
      await checkpointer?.stop()
      rt.commits.flush()
      db.close()
      lock?.release()
    })()
    return stopped
  }

  return { url: `${scheme}://${shownHost}:${port}`, port, runtime: rt, database: db, stop }
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
