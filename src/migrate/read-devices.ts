/**
 * Paired devices from the original's `device_pairing_paired` (state/openclaw.sqlite). The original keeps
 * each device's live tokens in plaintext in `tokens_json` ({ <role>: { token, role, scopes, createdAtMs,
 * rotatedAtMs?, revokedAtMs?, lastUsedAtMs? } }); they are carried over as hashes, so a paired node,
 * app or Control UI connects with the token it already holds. Tokens the original would refuse today
 * are left behind, logged with the original's reason (see usableToday): this gateway accepts any live
 * device token, so importing one the original refuses would undo a lock-out the user relies on. Pending
 * pairing requests expire within five minutes and are not carried over.
 */
import type { Database } from 'bun:sqlite'
import type { ImportedDevice } from '../store/original-import-store.ts'
import { scopesCovered } from '../auth/scopes.ts'
import type { GatewaySettings } from '../config/settings.ts'
import type { ImportReport } from './import-report.ts'
import { sharedAuthGeneration } from './shared-auth-generation.ts'
import { finiteMs, jsonOf, optionalText, stringList } from './row-values.ts'

interface PairedRow {
  device_id: unknown
  public_key: unknown
  display_name: unknown
  operator_label: unknown
  platform: unknown
  device_family: unknown
  client_id: unknown
  client_mode: unknown
  browser_origin: unknown
  role: unknown
  roles_json: unknown
  scopes_json: unknown
  approved_scopes_json: unknown
  remote_ip: unknown
  tokens_json: unknown
  approved_via: unknown
  node_surface_json: unknown
  created_at_ms: unknown
  approved_at_ms: unknown
  last_seen_at_ms: unknown
  last_seen_reason: unknown
}

export function readDevices(state: Database, report: ImportReport, auth: GatewaySettings['auth']): ImportedDevice[] {
  const generation = sharedAuthGeneration(auth)
  const rows = state.query<PairedRow, []>('SELECT * FROM device_pairing_paired ORDER BY approved_at_ms, device_id').all()
  const devices: ImportedDevice[] = []
  for (const row of rows) {
    const what = `device ${typeof row.device_id === 'string' ? row.device_id : '(no id)'}`
    const device = toDevice(row, what, report, generation)
    if (device) devices.push(device)
  }
  report.count('paired devices', devices.length)
  report.count('device tokens', devices.reduce((n, d) => n + d.tokens.length, 0))
  return devices
}

function toDevice(row: PairedRow, what: string, report: ImportReport, generation: string | undefined): ImportedDevice | undefined {
  const deviceId = optionalText(row.device_id)
  const publicKey = optionalText(row.public_key)
  const createdAtMs = finiteMs(row.created_at_ms)
  const approvedAtMs = finiteMs(row.approved_at_ms) ?? createdAtMs
  if (!deviceId || !publicKey || createdAtMs === undefined || approvedAtMs === undefined) {
    report.skip(what, 'malformed row in device_pairing_paired (needs device_id, public_key, created_at_ms)')
    return undefined
  }
  const roles = stringList(jsonOf(row.roles_json)) ?? (optionalText(row.role) ? [row.role as string] : [])
  const approvedList = stringList(jsonOf(row.approved_scopes_json)) ?? stringList(jsonOf(row.scopes_json))
  const approvedScopes = approvedList ?? []
  const device: ImportedDevice = {
    deviceId, publicKey, roles, approvedScopes, createdAtMs, approvedAtMs,
    displayName: optionalText(row.display_name),
    operatorLabel: optionalText(row.operator_label),
    platform: optionalText(row.platform),
    deviceFamily: optionalText(row.device_family),
    clientId: optionalText(row.client_id),
    clientMode: optionalText(row.client_mode),
    browserOrigin: optionalText(row.browser_origin),
    approvedVia: optionalText(row.approved_via),
    remoteIp: optionalText(row.remote_ip),
    lastSeenAtMs: finiteMs(row.last_seen_at_ms),
    lastSeenReason: optionalText(row.last_seen_reason),
    tokens: [],
  }
  device.tokens = readTokens(row.tokens_json, roles, what, report)
    .filter((t) => usableToday(t, device, approvedList !== undefined, generation, what, report))
  if (row.node_surface_json !== null && row.node_surface_json !== undefined) {
    const surface = toNodeSurface(jsonOf(row.node_surface_json), device)
    if (surface) device.nodeSurface = surface
    else report.skip(`${what} node command surface`, 'malformed node_surface_json; the node asks for approval of its commands again')
  }
  return device
}

type ReadToken = ImportedDevice['tokens'][number] & { issuer?: { kind?: unknown; generation?: unknown } }

function readTokens(raw: unknown, roles: string[], what: string, report: ImportReport): ReadToken[] {
  if (raw === null || raw === undefined) return []
  const byRole = jsonOf(raw)
  if (!byRole || typeof byRole !== 'object' || Array.isArray(byRole)) {
    report.skip(`${what} tokens`, 'tokens_json is not an object; the device pairs again')
    return []
  }
  const tokens: ReadToken[] = []
  for (const [key, entry] of Object.entries(byRole as Record<string, unknown>)) {
    const t = entry as Record<string, unknown> | null
    const token = optionalText(t?.token)
    const role = optionalText(t?.role) ?? key
    const createdAtMs = finiteMs(t?.createdAtMs)
    if (!t || !token || createdAtMs === undefined) {
      report.skip(`${what} ${key} token`, 'malformed entry in tokens_json')
      continue
    }
    if (finiteMs(t.revokedAtMs) !== undefined) continue // revoked: nothing to carry over
    if (!roles.includes(role)) {
      report.skip(`${what} ${role} token`, `role ${role} is not among the device's approved roles`)
      continue
    }
    tokens.push({
      token, role, createdAtMs, scopes: stringList(t.scopes) ?? [],
      rotatedAtMs: finiteMs(t.rotatedAtMs), lastUsedAtMs: finiteMs(t.lastUsedAtMs),
      ...(typeof t.issuer === 'object' && t.issuer !== null && { issuer: t.issuer as ReadToken['issuer'] }),
    })
  }
  return tokens
}

const BROWSER_CLIENT_IDS = new Set(['openclaw-control-ui', 'webchat-ui'])

/**
 * Whether the original, with the gateway auth this gateway now runs with (the config file is shared),
 * would still accept the token; if not it is logged and left behind. The original refuses a token
 * issued against a shared gateway token or password that has since changed (rotating a leaked gateway
 * token locks out the devices paired with it), a token without an issuer held by a Control UI or
 * webchat device while a shared secret is required (issued before browser tokens were tied to it),
 * and a token whose scopes exceed what the device was approved for.
 */
function usableToday(t: ReadToken, device: ImportedDevice, hasApprovedScopes: boolean, generation: string | undefined,
  what: string, report: ImportReport): boolean {
  const refuse = (reason: string) => {
    report.skip(`${what} ${t.role} token`, `${reason}; the device pairs again`)
    return false
  }
  if (t.issuer) {
    if (t.issuer.kind === 'shared-gateway-auth' && t.issuer.generation !== generation) {
      return refuse('issued under a gateway token or password that is no longer the configured one (the original refuses it too)')
    }
  } else if (generation !== undefined && isBrowserDevice(device)) {
    return refuse('a browser device\'s token from before tokens were tied to the gateway secret (the original refuses it too)')
  }
  if (!hasApprovedScopes || !scopesCovered(device.approvedScopes, t.scopes)) {
    return refuse('its scopes go beyond the device\'s approved scopes (the original refuses it too)')
  }
  return true
}

function isBrowserDevice(d: ImportedDevice): boolean {
  return d.clientMode?.trim().toLowerCase() === 'webchat' || BROWSER_CLIENT_IDS.has(d.clientId?.trim().toLowerCase() ?? '')
}

/** The original's `{ caps, commands, permissions?, version?, createdAtMs, approvedAtMs, ... }` in our shape. */
function toNodeSurface(raw: unknown, device: ImportedDevice): Record<string, unknown> | undefined {
  if (!raw || typeof raw !== 'object') return undefined
  const s = raw as Record<string, unknown>
  const caps = stringList(s.caps)
  const commands = stringList(s.commands)
  if (!caps || !commands) return undefined
  const permissions = s.permissions && typeof s.permissions === 'object' && !Array.isArray(s.permissions)
    && Object.values(s.permissions).every((v) => typeof v === 'boolean') ? s.permissions : undefined
  return {
    caps, commands,
    ...(permissions && { permissions }),
    ...(device.clientId && { clientId: device.clientId }),
    ...(device.clientMode && { clientMode: device.clientMode }),
    ...(optionalText(s.version) && { version: s.version }),
    createdAtMs: finiteMs(s.createdAtMs) ?? device.approvedAtMs,
    approvedAtMs: finiteMs(s.approvedAtMs) ?? device.approvedAtMs,
  }
}
