/**
 * Device pairing at connect (PROTOCOL.md §3.6–3.7): is this key approved for this role, these scopes
 * and this client metadata? Local devices are approved silently; everyone else files a request and
 * waits for an operator. Approved devices get a device token.
 */
import { GatewayError, type ConnectParams, type AuthMethod } from '../protocol/index.ts'
import type { VerifiedDevice } from '../auth/device-proof.ts'
import { scopesCovered } from '../auth/scopes.ts'
import type { PairedDevice } from '../store/pairing-store.ts'
import type { Connection } from './connection.ts'
import { HandshakeRejection } from './handshake-rejection.ts'

type PairingReason = 'not-paired' | 'role-upgrade' | 'scope-upgrade' | 'metadata-upgrade'

const MESSAGES: Record<PairingReason, string> = {
  'not-paired': 'pairing required: device is not approved yet',
  'role-upgrade': 'pairing required: device is asking for a higher role than currently approved',
  'scope-upgrade': 'pairing required: device is asking for more scopes than currently approved',
  'metadata-upgrade': 'pairing required: device identity changed and must be re-approved',
}

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase()

function pairingReason(
  paired: PairedDevice | null,
  device: VerifiedDevice,
  params: ConnectParams,
  role: string,
  scopes: readonly string[],
): PairingReason | null {
  if (!paired || paired.publicKey !== device.publicKey) return 'not-paired'
  if (!paired.roles.includes(role)) return 'role-upgrade'
  if (scopes.length > 0 && !scopesCovered(paired.approvedScopes, scopes)) return 'scope-upgrade'
  const c = params.client
  if ((paired.platform && norm(paired.platform) !== norm(c.platform)) || (paired.deviceFamily && c.deviceFamily && norm(paired.deviceFamily) !== norm(c.deviceFamily))) {
    return 'metadata-upgrade'
  }
  return null
}

function maySilentlyApprove(
  conn: Connection,
  params: ConnectParams,
  paired: PairedDevice | null,
  reason: PairingReason,
  role: string,
  authMethod: AuthMethod,
): boolean {
  const settings = conn.rt.services.settings
  if (!settings.autoApproveLocal) return false
  if (conn.upgrade.address.locality !== 'direct_local') return false
  if (conn.upgrade.origin && !isBrowserChat(params)) return false
  if (reason === 'not-paired') return true
  // An already-paired device never silently widens a non-operator role (a node asking for more).
  if (paired && role !== 'operator') return false
  return authMethod === 'none' || authMethod === 'token' || authMethod === 'password' || authMethod === 'device-token'
}

const isBrowserChat = ({ client: c }: ConnectParams) =>
  c.mode === 'webchat' || c.id === 'openclaw-control-ui' || c.id === 'webchat-ui'

export function resolvePairing(
  conn: Connection,
  params: ConnectParams,
  device: VerifiedDevice,
  role: 'operator' | 'node',
  scopes: readonly string[],
  authMethod: AuthMethod,
): { deviceToken: { token: string; issuedAtMs: number } } {
  const store = conn.rt.services.pairing
  const events = conn.rt.services.events
  let paired = store.getDevice(device.deviceId)
  const reason = pairingReason(paired, device, params, role, scopes)
  const meta = {
    displayName: params.client.displayName,
    platform: params.client.platform,
    deviceFamily: params.client.deviceFamily,
    clientId: params.client.id,
    clientMode: params.client.mode,
    browserOrigin: conn.upgrade.origin ?? undefined,
    remoteIp: conn.ip,
  }
  if (reason && maySilentlyApprove(conn, params, paired, reason, role, authMethod)) {
    paired = store.approveDevice({ ...meta, deviceId: device.deviceId, publicKey: device.publicKey, roles: [role], scopes: [...scopes], approvedVia: 'silent' })
    events.broadcast('device.pair.resolved', { requestId: crypto.randomUUID(), deviceId: device.deviceId, decision: 'approved', ts: Date.now() })
  } else if (reason) {
    const { request, created, superseded } = store.requestPairing({
      ...meta, deviceId: device.deviceId, publicKey: device.publicKey, role, scopes: [...scopes], reason, isRepair: paired !== null,
    })
    if (superseded) events.broadcast('device.pair.resolved', { requestId: superseded.requestId, deviceId: device.deviceId, decision: 'rejected', ts: Date.now() })
    if (created) events.broadcast('device.pair.requested', request, { dropIfSlow: true })
    const message = MESSAGES[reason]
    const error = new GatewayError('NOT_PAIRED', message, {
      code: 'PAIRING_REQUIRED',
      reason,
      requestId: request.requestId,
      remediationHint: `approve it with: openclaw devices approve ${request.requestId}`,
      deviceId: device.deviceId,
      requestedRole: role,
      requestedScopes: scopes,
      approvedRoles: paired?.roles ?? [],
      approvedScopes: paired?.approvedScopes ?? [],
    })
    throw new HandshakeRejection(error, 1008, `${message} (requestId: ${request.requestId})`)
  }
  store.touchDevice(device.deviceId, 'connect')
  const presented = conn.presentedDeviceToken
  if (authMethod === 'device-token' && presented) {
    return { deviceToken: { token: presented, issuedAtMs: Date.now() } }
  }
  const tokenScopes = role === 'operator' ? paired!.approvedScopes : []
  return { deviceToken: store.issueToken(device.deviceId, role, tokenScopes) }
}
