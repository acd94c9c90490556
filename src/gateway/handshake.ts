/**
 * The `connect` request (PROTOCOL.md §2.5): protocol range, role, origin, shared secret, device proof,
 * device token, pairing, then registration and `hello-ok`. Each refusal names its close code.
 */
import {
  ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_IMAGE_BYTES, GatewayError, MIN_NODE_PROTOCOL_VERSION,
  MIN_PROBE_PROTOCOL_VERSION, PROTOCOL_VERSION, SERVER_CAPABILITIES, type AuthMethod, type ConnectParams, type HelloOk,
} from '../protocol/index.ts'
import { authError } from '../auth/auth-error.ts'
import { verifyDeviceProof, type VerifiedDevice } from '../auth/device-proof.ts'
import { checkSharedSecret, type AuthFailureReason } from '../auth/shared-secret.ts'
import { checkBrowserOrigin } from '../auth/origin-check.ts'
import { scopesCovered } from '../auth/scopes.ts'
import type { ClientSession } from '../core/client-session.ts'
import type { Connection } from './connection.ts'
import { HandshakeRejection } from './handshake-rejection.ts'
import { resolvePairing } from './pairing-gate.ts'
import { canvasUrlFor } from '../canvas/canvas-host.ts'
import { mainSessionKey } from '../routing/session-keys.ts'


const reject = (error: GatewayError, closeCode = 1008): never => {
  throw new HandshakeRejection(error, closeCode)
}

/** Clients that never appear in presence: one-shot tools. */
const EPHEMERAL_MODES = new Set(['cli', 'backend', 'probe'])

export async function acceptConnect(conn: Connection, params: ConnectParams): Promise<HelloOk> {
  const rt = conn.rt
  if (rt.stopping) {
    reject(new GatewayError('UNAVAILABLE', 'gateway restart in progress', { reason: 'shutdown' }, { retryable: true, retryAfterMs: 1500 }), 1013)
  }
  checkProtocol(params)
  const role = params.role ?? 'operator'
  if (role !== 'operator' && role !== 'node') return reject(new GatewayError('INVALID_REQUEST', 'invalid role'))
  checkOrigin(conn)

  const auth = authenticate(conn, params)
  const device = params.device ? await proveDevice(conn, params) : undefined
  const authed = auth.ok ? auth : tryDeviceToken(conn, params, device, auth.reason)
  const isLocal = conn.upgrade.address.locality === 'direct_local'

  let scopes = role === 'node' ? [] : (params.scopes ?? [])
  let deviceToken: { token: string; issuedAtMs: number } | undefined
  if (!device) {
    const localBackend = params.client.id === 'gateway-client' && params.client.mode === 'backend' && isLocal
    const localCli = params.client.id === 'cli' && params.client.mode === 'cli' && isLocal
    // Every node proves a device identity; only operators may connect on the shared secret alone.
    if (role !== 'operator') reject(new GatewayError('NOT_PAIRED', 'device identity required', { code: 'DEVICE_IDENTITY_REQUIRED' }))
    // A shared secret alone proves knowledge of the secret, not who is calling: no scopes, unless
    // the caller is the local CLI or the gateway's own backend on this host.
    if (!localBackend && !localCli) scopes = []
  } else {
    const gate = resolvePairing(conn, params, device, role, scopes, authed.method)
    deviceToken = gate.deviceToken
  }
  rt.rateLimiter.recordSuccess(conn.upgrade.address)

  const session: ClientSession = {
    connId: conn.connId,
    role,
    scopes,
    client: params.client,
    deviceId: device?.deviceId,
    authMethod: authed.method,
    ip: conn.ip,
    caps: params.caps ?? [],
    commands: role === 'node' ? (params.commands ?? []) : [],
    ...(role === 'node' && params.permissions && { permissions: params.permissions }),
    ...(role === 'node' && params.pathEnv && { pathEnv: params.pathEnv }),
  }
  conn.session = session
  registerPresence(conn, params, session)
  const hello = buildHello(conn, session, deviceToken)
  // The canvas host on this port: v4 clients read pluginSurfaceUrls, protocol-3 nodes canvasHostUrl.
  const canvasUrl = canvasUrlFor(conn.upgrade.host, rt.services.settings.host, rt.services.port, rt.secure)
  return params.maxProtocol >= PROTOCOL_VERSION ? { ...hello, pluginSurfaceUrls: { canvas: canvasUrl } } : { ...hello, canvasHostUrl: canvasUrl }
}

function checkProtocol(params: ConnectParams): void {
  const { minProtocol: min, maxProtocol: max } = params
  const current = max >= PROTOCOL_VERSION && min <= PROTOCOL_VERSION
  const probe = params.client.mode === 'probe' && max >= MIN_PROBE_PROTOCOL_VERSION && min <= PROTOCOL_VERSION
  const legacyNode = params.role === 'node' && params.client.mode === 'node' && max >= MIN_NODE_PROTOCOL_VERSION && min <= MIN_NODE_PROTOCOL_VERSION
  if (current || probe || legacyNode) return
  reject(
    new GatewayError('INVALID_REQUEST', 'protocol mismatch', {
      code: 'PROTOCOL_MISMATCH',
      clientMinProtocol: min,
      clientMaxProtocol: max,
      expectedProtocol: PROTOCOL_VERSION,
      minimumProbeProtocol: MIN_PROBE_PROTOCOL_VERSION,
    }),
    1002,
  )
}

/** A browser page may connect only from an origin the policy admits (auth/origin-check.ts). */
function checkOrigin(conn: Connection): void {
  const origin = conn.upgrade.origin
  if (origin === null) return // not a browser
  const verdict = checkBrowserOrigin(conn.rt.services.settings.controlUi, {
    origin,
    host: conn.upgrade.host,
    localClient: conn.upgrade.address.locality === 'direct_local',
  })
  if (verdict.ok) return
  reject(new GatewayError('INVALID_REQUEST', ORIGIN_REFUSED, { code: 'CONTROL_UI_ORIGIN_NOT_ALLOWED', reason: verdict.reason }))
}

const ORIGIN_REFUSED = 'origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)'

type AuthOutcome = { ok: true; method: AuthMethod } | { ok: false; reason: AuthFailureReason }

function authenticate(conn: Connection, params: ConnectParams): AuthOutcome {
  const rt = conn.rt
  const wait = rt.rateLimiter.retryAfter(conn.upgrade.address)
  if (wait > 0) reject(authError('rate_limited', { retryAfterMs: wait }))
  return checkSharedSecret(rt.services.settings.auth, params.auth)
}

async function proveDevice(conn: Connection, params: ConnectParams): Promise<VerifiedDevice> {
  try {
    return await verifyDeviceProof(params, params.device!, conn.nonce)
  } catch (err) {
    if (err instanceof GatewayError) reject(err)
    throw err
  }
}

/** The shared secret failed: a paired device may still prove itself with its device token. */
function tryDeviceToken(
  conn: Connection,
  params: ConnectParams,
  device: VerifiedDevice | undefined,
  sharedReason: AuthFailureReason,
): { ok: true; method: AuthMethod } {
  const rt = conn.rt
  const explicit = params.auth?.deviceToken
  const candidate = explicit || params.auth?.token
  if (!device) {
    // Nothing offered and no identity: the client has to identify itself first.
    if (sharedReason === 'token_missing' || sharedReason === 'password_missing') {
      reject(new GatewayError('NOT_PAIRED', 'device identity required', { code: 'DEVICE_IDENTITY_REQUIRED' }))
    }
    rt.rateLimiter.recordFailure(conn.upgrade.address)
    reject(authError(sharedReason))
  }
  const verified = candidate ? rt.services.pairing.verifyToken(candidate) : null
  const role = params.role ?? 'operator'
  if (verified && verified.deviceId === device!.deviceId && verified.role === role) {
    if (!scopesCovered(verified.scopes, params.scopes ?? [])) reject(authError('scope_mismatch'))
    rt.services.pairing.markTokenUsed(candidate!, device!.deviceId)
    conn.presentedDeviceToken = candidate
    return { ok: true, method: 'device-token' }
  }
  rt.rateLimiter.recordFailure(conn.upgrade.address)
  if (explicit) reject(authError('device_token_mismatch'))
  const canRetry = sharedReason === 'token_mismatch' && Boolean(params.auth?.token) && !explicit
  return reject(authError(sharedReason, { canRetryWithDeviceToken: canRetry }))
}

function registerPresence(conn: Connection, params: ConnectParams, session: ClientSession): void {
  if (EPHEMERAL_MODES.has(params.client.mode)) return
  const key = session.role === 'node' ? (session.deviceId ?? params.client.instanceId ?? conn.connId) : conn.connId
  conn.presenceKey = key
  const c = params.client
  conn.rt.services.presence.upsert(key, {
    host: c.displayName ?? c.id,
    clientId: c.id,
    ...(conn.upgrade.address.locality === 'remote' && { ip: conn.ip }),
    version: c.version,
    platform: c.platform,
    deviceFamily: c.deviceFamily,
    modelIdentifier: c.modelIdentifier,
    timeZone: c.timeZone,
    mode: c.mode,
    deviceId: session.deviceId,
    roles: [session.role],
    scopes: [...session.scopes],
    instanceId: c.instanceId,
    reason: 'connect',
    onlineSince: Date.now(),
  })
}

/** Where a client's bare session keys ("main") land: the configured default agent's sessions. */
function sessionDefaults(defaultAgentId: string): NonNullable<HelloOk['snapshot']['sessionDefaults']> {
  return { defaultAgentId, mainKey: 'main', mainSessionKey: mainSessionKey(defaultAgentId), scope: 'per-sender' }
}

function buildHello(conn: Connection, session: ClientSession, deviceToken?: { token: string; issuedAtMs: number }): HelloOk {
  const rt = conn.rt
  const s = rt.services
  const isAdmin = session.scopes.includes('operator.admin')
  return {
    type: 'hello-ok',
    protocol: PROTOCOL_VERSION,
    server: { version: s.version, bootId: rt.bootId, connId: conn.connId },
    features: { methods: rt.advertisedMethods, events: rt.advertisedEvents, capabilities: SERVER_CAPABILITIES },
    snapshot: {
      presence: s.presence.list(),
      health: s.health.snapshot(),
      stateVersion: { ...rt.versions },
      uptimeMs: Date.now() - s.startedAt,
      sessionDefaults: sessionDefaults(s.settings.agent.defaultAgentId),
      appliedConfigHash: s.config.applied().revision,
      ...(isAdmin && { configPath: s.settings.configPath, stateDir: s.settings.stateDir, authMode: s.settings.auth.mode }),
    },
    auth: {
      method: session.authMethod as AuthMethod,
      role: session.role,
      scopes: [...session.scopes],
      ...(deviceToken && { deviceToken: deviceToken.token, issuedAtMs: deviceToken.issuedAtMs }),
    },
    policy: {
      maxPayload: rt.limits.maxPayloadBytes,
      maxBufferedBytes: rt.limits.maxBufferedBytes,
      tickIntervalMs: rt.limits.tickIntervalMs,
      attachments: { maxBytes: ATTACHMENT_MAX_BYTES, maxImageBytes: ATTACHMENT_MAX_IMAGE_BYTES },
    },
  }
}
