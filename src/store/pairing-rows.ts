/** SQLite rows of the pairing tables and their mapping to the store's plain objects. */
import type { PairedDevice, PendingRequest } from './pairing-store.ts'

export interface DeviceRow {
  device_id: string
  public_key: string
  display_name: string | null
  operator_label: string | null
  platform: string | null
  device_family: string | null
  client_id: string | null
  client_mode: string | null
  browser_origin: string | null
  roles: string
  approved_scopes: string
  approved_via: string | null
  remote_ip: string | null
  created_at: number
  approved_at: number
  last_seen_at: number | null
  last_seen_reason: string | null
}

export interface PendingRow {
  request_id: string
  device_id: string
  public_key: string
  display_name: string | null
  platform: string | null
  device_family: string | null
  client_id: string | null
  client_mode: string | null
  browser_origin: string | null
  role: string | null
  roles: string
  scopes: string
  remote_ip: string | null
  reason: string | null
  is_repair: number
  ts: number
}

export interface TokenRow {
  token_hash: string
  device_id: string
  role: string
  scopes: string
  created_at: number
  rotated_at: number | null
  revoked_at: number | null
  last_used_at: number | null
}

export function toDevice(r: DeviceRow): PairedDevice {
  return stripNulls({
    deviceId: r.device_id,
    publicKey: r.public_key,
    displayName: r.display_name,
    operatorLabel: r.operator_label,
    platform: r.platform,
    deviceFamily: r.device_family,
    clientId: r.client_id,
    clientMode: r.client_mode,
    browserOrigin: r.browser_origin,
    roles: JSON.parse(r.roles),
    approvedScopes: JSON.parse(r.approved_scopes),
    approvedVia: r.approved_via,
    remoteIp: r.remote_ip,
    createdAtMs: r.created_at,
    approvedAtMs: r.approved_at,
    lastSeenAtMs: r.last_seen_at,
    lastSeenReason: r.last_seen_reason,
  }) as PairedDevice
}

export function toPending(r: PendingRow): PendingRequest {
  return stripNulls({
    requestId: r.request_id,
    deviceId: r.device_id,
    publicKey: r.public_key,
    displayName: r.display_name,
    platform: r.platform,
    deviceFamily: r.device_family,
    clientId: r.client_id,
    clientMode: r.client_mode,
    browserOrigin: r.browser_origin,
    role: r.role,
    roles: JSON.parse(r.roles),
    scopes: JSON.parse(r.scopes),
    remoteIp: r.remote_ip,
    reason: r.reason,
    isRepair: r.is_repair === 1,
    ts: r.ts,
  }) as PendingRequest
}

export function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k]
  return o
}

function stripNulls<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === null) delete o[k]
  return o
}
