/**
 * Paired devices and their tokens. Tokens are stored only as SHA-256 hashes; one device may hold a
 * few live tokens per role (concurrent clients sharing an identity), and rotate/revoke end all of them.
 */
import { randomBytes, sha256Hex } from '../platform/crypto.ts'
import type { Db } from './db.ts'
import { stripUndefined, toDevice, toPending, type DeviceRow, type PendingRow, type TokenRow } from './pairing-rows.ts'
import { lazyStatements } from './lazy-statements.ts'

export interface DeviceMeta {
  displayName?: string
  platform?: string
  deviceFamily?: string
  clientId?: string
  clientMode?: string
  browserOrigin?: string
  remoteIp?: string
}

export interface PairedDevice extends DeviceMeta {
  deviceId: string
  publicKey: string
  operatorLabel?: string
  roles: string[]
  approvedScopes: string[]
  approvedVia?: string
  createdAtMs: number
  approvedAtMs: number
  lastSeenAtMs?: number
  lastSeenReason?: string
}

export interface TokenSummary {
  role: string
  scopes: string[]
  createdAtMs: number
  rotatedAtMs?: number
  revokedAtMs?: number
  lastUsedAtMs?: number
}

export interface VerifiedToken {
  deviceId: string
  role: string
  scopes: string[]
  issuedAtMs: number
}

export interface PendingRequest extends DeviceMeta {
  requestId: string
  deviceId: string
  publicKey: string
  role?: string
  roles?: string[]
  scopes?: string[]
  reason?: string
  isRepair?: boolean
  ts: number
}

/** A live token as another gateway holds it: in plaintext, with its history. */
export interface ImportedToken {
  token: string
  role: string
  scopes: string[]
  createdAtMs: number
  rotatedAtMs?: number
  lastUsedAtMs?: number
}

/** A pending pairing request lives this long after its last refresh. */
export const PENDING_TTL_MS = 5 * 60_000

/** Live tokens kept per device and role; older ones are dropped when a new one is issued. */
const LIVE_TOKENS_PER_ROLE = 4

const hashToken = (token: string) => sha256Hex(token)
const newDeviceToken = () => randomBytes(32).toString('base64url')

/** `now` is injectable so tests can age pending requests past their TTL without sleeping. */
export function createPairingStore(db: Db, now: () => number = Date.now) {
  const q = lazyStatements({
    device: () => db.query<DeviceRow, [string]>('SELECT * FROM paired_devices WHERE device_id = ?'),
    devices: () => db.query<DeviceRow, []>('SELECT * FROM paired_devices ORDER BY approved_at'),
    upsertDevice: () => db.query(`
      INSERT INTO paired_devices (device_id, public_key, display_name, platform, device_family, client_id, client_mode,
        browser_origin, roles, approved_scopes, approved_via, remote_ip, created_at, approved_at)
      VALUES ($deviceId, $publicKey, $displayName, $platform, $deviceFamily, $clientId, $clientMode,
        $browserOrigin, $roles, $scopes, $approvedVia, $remoteIp, $now, $now)
      ON CONFLICT(device_id) DO UPDATE SET public_key = excluded.public_key,
        display_name = COALESCE(excluded.display_name, display_name), platform = excluded.platform,
        device_family = excluded.device_family, client_id = excluded.client_id, client_mode = excluded.client_mode,
        browser_origin = excluded.browser_origin, roles = excluded.roles, approved_scopes = excluded.approved_scopes,
        approved_via = excluded.approved_via, remote_ip = excluded.remote_ip, approved_at = excluded.approved_at`),
    touchDevice: () => db.query('UPDATE paired_devices SET last_seen_at = ?, last_seen_reason = ? WHERE device_id = ?'),
    removeDevice: () => db.query('DELETE FROM paired_devices WHERE device_id = ?'),
    renameDevice: () => db.query('UPDATE paired_devices SET operator_label = ? WHERE device_id = ?'),
    tokenByHash: () => db.query<TokenRow, [string]>('SELECT * FROM device_tokens WHERE token_hash = ?'),
    tokensOf: () => db.query<TokenRow, [string]>('SELECT * FROM device_tokens WHERE device_id = ? ORDER BY created_at DESC, rowid DESC'),
    insertToken: () => db.query(
      'INSERT INTO device_tokens (token_hash, device_id, role, scopes, created_at, rotated_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    importDevice: () => db.query(`INSERT INTO paired_devices (device_id, public_key, display_name, operator_label, platform, device_family,
      client_id, client_mode, browser_origin, roles, approved_scopes, approved_via, remote_ip, created_at, approved_at, last_seen_at,
      last_seen_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    liveTokens: () => db.query<TokenRow, [string, string]>(
      'SELECT * FROM device_tokens WHERE device_id = ? AND role = ? AND revoked_at IS NULL ORDER BY created_at DESC, rowid DESC',
    ),
    deleteToken: () => db.query('DELETE FROM device_tokens WHERE token_hash = ?'),
    revokeRole: () => db.query('UPDATE device_tokens SET revoked_at = ? WHERE device_id = ? AND role = ? AND revoked_at IS NULL'),
    // Only the newest revoked token of a role is kept (it is what the device list shows): rotating
    // every day for years would otherwise keep every token ever issued.
    pruneRevoked: () => db.query(
      `DELETE FROM device_tokens WHERE device_id = ?1 AND role = ?2 AND revoked_at IS NOT NULL AND rowid != (
         SELECT rowid FROM device_tokens WHERE device_id = ?1 AND role = ?2 AND revoked_at IS NOT NULL ORDER BY revoked_at DESC, rowid DESC LIMIT 1)`,
    ),
    useToken: () => db.query('UPDATE device_tokens SET last_used_at = ? WHERE token_hash = ?'),
    pending: () => db.query<PendingRow, []>('SELECT * FROM pairing_requests ORDER BY ts'),
    pendingOf: () => db.query<PendingRow, [string]>('SELECT * FROM pairing_requests WHERE device_id = ?'),
    pendingById: () => db.query<PendingRow, [string]>('SELECT * FROM pairing_requests WHERE request_id = ?'),
    deletePending: () => db.query('DELETE FROM pairing_requests WHERE request_id = ?'),
    deletePendingOf: () => db.query('DELETE FROM pairing_requests WHERE device_id = ?'),
    insertPending: () => db.query(`
      INSERT INTO pairing_requests (request_id, device_id, public_key, display_name, platform, device_family, client_id,
        client_mode, browser_origin, role, roles, scopes, remote_ip, reason, is_repair, ts)
      VALUES ($requestId, $deviceId, $publicKey, $displayName, $platform, $deviceFamily, $clientId, $clientMode,
        $browserOrigin, $role, $roles, $scopes, $remoteIp, $reason, $isRepair, $ts)`),
    refreshPending: () => db.query('UPDATE pairing_requests SET ts = ?, remote_ip = ? WHERE request_id = ?'),
    prunePending: () => db.query('DELETE FROM pairing_requests WHERE ts < ?'),
  })

  /**
   * One pending request per device. A reconnect asking for the same or less refreshes it; asking for
   * more supersedes it with a new request that merges both. Returns the request and what it replaced.
   */
  function requestPairing(input: DeviceMeta & {
    deviceId: string
    publicKey: string
    role: string
    scopes: string[]
    reason: string
    isRepair: boolean
  }): { request: PendingRequest; created: boolean; superseded?: PendingRequest } {
    const ts = now()
    return db.transaction(() => {
      q.prunePending.run(ts - PENDING_TTL_MS)
      const existingRow = q.pendingOf.get(input.deviceId)
      const existing = existingRow ? toPending(existingRow) : undefined
      if (existing && existing.publicKey === input.publicKey) {
        const covers = (existing.roles ?? []).includes(input.role) && input.scopes.every((s) => existing.scopes?.includes(s))
        if (covers) {
          q.refreshPending.run(ts, input.remoteIp ?? null, existing.requestId)
          return { request: { ...existing, ts }, created: false }
        }
      }
      if (existing) q.deletePending.run(existing.requestId)
      const sameKey = existing?.publicKey === input.publicKey
      const request: PendingRequest = {
        requestId: crypto.randomUUID(),
        deviceId: input.deviceId,
        publicKey: input.publicKey,
        displayName: input.displayName,
        platform: input.platform,
        deviceFamily: input.deviceFamily,
        clientId: input.clientId,
        clientMode: input.clientMode,
        browserOrigin: input.browserOrigin,
        role: input.role,
        roles: union(sameKey ? existing!.roles ?? [] : [], [input.role]),
        scopes: union(sameKey ? existing!.scopes ?? [] : [], input.scopes),
        remoteIp: input.remoteIp,
        reason: input.reason,
        isRepair: input.isRepair,
        ts,
      }
      q.insertPending.run({
        requestId: request.requestId, deviceId: request.deviceId, publicKey: request.publicKey,
        displayName: request.displayName ?? null, platform: request.platform ?? null,
        deviceFamily: request.deviceFamily ?? null, clientId: request.clientId ?? null,
        clientMode: request.clientMode ?? null, browserOrigin: request.browserOrigin ?? null, role: request.role ?? null,
        roles: JSON.stringify(request.roles), scopes: JSON.stringify(request.scopes), remoteIp: request.remoteIp ?? null,
        reason: request.reason ?? null, isRepair: request.isRepair ? 1 : 0, ts,
      })
      return { request: stripUndefined(request), created: true, superseded: existing }
    })()
  }

  function getPending(requestId: string): PendingRequest | null {
    q.prunePending.run(now() - PENDING_TTL_MS)
    const row = q.pendingById.get(requestId)
    return row ? toPending(row) : null
  }

  function listPending(): PendingRequest[] {
    q.prunePending.run(now() - PENDING_TTL_MS)
    return q.pending.all().map(toPending)
  }

  function getDevice(deviceId: string): PairedDevice | null {
    const row = q.device.get(deviceId)
    return row ? toDevice(row) : null
  }

  /** Approves (or widens) a device: roles and scopes merge with what it already had. */
  function approveDevice(input: DeviceMeta & {
    deviceId: string
    publicKey: string
    roles: string[]
    scopes: string[]
    approvedVia: string
  }): PairedDevice {
    const existing = getDevice(input.deviceId)
    const sameKey = existing?.publicKey === input.publicKey
    const roles = union(sameKey ? existing!.roles : [], input.roles)
    const scopes = union(sameKey ? existing!.approvedScopes : [], input.scopes)
    db.transaction(() => {
      if (existing && !sameKey) q.removeDevice.run(input.deviceId) // a new key is a new device
      q.upsertDevice.run({
        deviceId: input.deviceId, publicKey: input.publicKey, displayName: input.displayName ?? null,
        platform: input.platform ?? null, deviceFamily: input.deviceFamily ?? null, clientId: input.clientId ?? null,
        clientMode: input.clientMode ?? null, browserOrigin: input.browserOrigin ?? null,
        roles: JSON.stringify(roles), scopes: JSON.stringify(scopes), approvedVia: input.approvedVia,
        remoteIp: input.remoteIp ?? null, now: now(),
      })
    })()
    return getDevice(input.deviceId)!
  }

  /**
   * Approves a pending request and deletes it in one transaction, so an acknowledged approval is
   * never half done. Null when the request is unknown or expired.
   */
  function approveRequest(requestId: string, approvedVia: string): { request: PendingRequest; device: PairedDevice } | null {
    return db.transaction(() => {
      const request = getPending(requestId)
      if (!request) return null
      const device = approveDevice({ ...request, roles: request.roles ?? [], scopes: request.scopes ?? [], approvedVia })
      q.deletePending.run(requestId)
      return { request, device }
    })()
  }

  /** Forgets a device: its record, its tokens (cascade) and any request it has pending. */
  function removeDevice(deviceId: string): boolean {
    return db.transaction(() => {
      q.deletePendingOf.run(deviceId)
      return q.removeDevice.run(deviceId).changes > 0
    })()
  }

  /** Issues a new token for a role; returns the only copy of its plaintext. */
  function issueToken(deviceId: string, role: string, scopes: string[]): { token: string; issuedAtMs: number } {
    const token = newDeviceToken()
    const issuedAtMs = now()
    db.transaction(() => {
      q.insertToken.run(hashToken(token), deviceId, role, JSON.stringify(scopes), issuedAtMs, null, null)
      for (const old of q.liveTokens.all(deviceId, role).slice(LIVE_TOKENS_PER_ROLE)) q.deleteToken.run(old.token_hash)
    })()
    return { token, issuedAtMs }
  }

  /** Ends every live token of the role and issues one new token in the same transaction. */
  function rotateToken(deviceId: string, role: string, scopes: string[]): { token: string; rotatedAtMs: number } {
    const token = newDeviceToken()
    const rotatedAtMs = now()
    db.transaction(() => {
      q.revokeRole.run(rotatedAtMs, deviceId, role)
      q.pruneRevoked.run(deviceId, role)
      q.insertToken.run(hashToken(token), deviceId, role, JSON.stringify(scopes), rotatedAtMs, rotatedAtMs, null)
    })()
    return { token, rotatedAtMs }
  }

  function revokeTokens(deviceId: string, role: string): number {
    const revokedAtMs = now()
    db.transaction(() => {
      q.revokeRole.run(revokedAtMs, deviceId, role)
      q.pruneRevoked.run(deviceId, role)
    })()
    return revokedAtMs
  }

  /** A live token's owner, or null. The hash lookup is the comparison, so timing leaks nothing useful. */
  function verifyToken(token: string): VerifiedToken | null {
    const row = q.tokenByHash.get(hashToken(token))
    if (!row || row.revoked_at !== null) return null
    return { deviceId: row.device_id, role: row.role, scopes: JSON.parse(row.scopes), issuedAtMs: row.created_at }
  }

  function markTokenUsed(token: string, deviceId: string): void {
    const usedAtMs = now()
    q.useToken.run(usedAtMs, hashToken(token))
    q.touchDevice.run(usedAtMs, 'device-token-auth', deviceId)
  }

  /**
   * A device paired elsewhere (the original's state, src/migrate/), with the tokens it holds in plaintext
   * there: stored as they are, tokens hashed as issued ones are. Runs inside the caller's transaction.
   */
  function importDevice(d: PairedDevice, tokens: ImportedToken[]): void {
    q.importDevice.run(d.deviceId, d.publicKey, d.displayName ?? null, d.operatorLabel ?? null, d.platform ?? null, d.deviceFamily ?? null,
      d.clientId ?? null, d.clientMode ?? null, d.browserOrigin ?? null, JSON.stringify(d.roles), JSON.stringify(d.approvedScopes),
      d.approvedVia ?? null, d.remoteIp ?? null, d.createdAtMs, d.approvedAtMs, d.lastSeenAtMs ?? null, d.lastSeenReason ?? null)
    for (const t of tokens) {
      q.insertToken.run(hashToken(t.token), d.deviceId, t.role, JSON.stringify(t.scopes), t.createdAtMs, t.rotatedAtMs ?? null, t.lastUsedAtMs ?? null)
    }
  }

  function touchDevice(deviceId: string, reason: string): void {
    q.touchDevice.run(now(), reason, deviceId)
  }

  function tokenSummaries(deviceId: string): TokenSummary[] {
    const byRole = new Map<string, TokenSummary>()
    for (const row of q.tokensOf.all(deviceId)) {
      if (byRole.has(row.role)) continue // newest first: the first row of a role describes it
      byRole.set(row.role, {
        role: row.role,
        scopes: JSON.parse(row.scopes),
        createdAtMs: row.created_at,
        ...(row.rotated_at !== null && { rotatedAtMs: row.rotated_at }),
        ...(row.revoked_at !== null && { revokedAtMs: row.revoked_at }),
        ...(row.last_used_at !== null && { lastUsedAtMs: row.last_used_at }),
      })
    }
    return [...byRole.values()]
  }

  return {
    getDevice,
    listPending,
    getPending,
    requestPairing,
    deletePending: (requestId: string) => q.deletePending.run(requestId).changes > 0,
    listDevices: () => q.devices.all().map(toDevice),
    approveDevice,
    approveRequest,
    removeDevice,
    renameDevice: (deviceId: string, label: string) => q.renameDevice.run(label, deviceId).changes > 0,
    issueToken,
    rotateToken,
    revokeTokens,
    verifyToken,
    markTokenUsed,
    importDevice,
    touchDevice,
    tokenSummaries,
  }
}

export type PairingStore = ReturnType<typeof createPairingStore>

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])]
