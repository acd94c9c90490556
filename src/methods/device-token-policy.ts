/**
 * The bounds on rotating and revoking device tokens (PROTOCOL.md §3.10). A refusal tells the caller
 * only that it was refused: which device ids and roles exist is not the caller's business.
 */
import { GatewayError } from '../protocol/index.ts'
import { scopesCovered } from '../auth/scopes.ts'
import { logger } from '../log.ts'
import type { PairedDevice } from '../store/pairing-store.ts'
import type { MethodContext } from './context.ts'
import type { ClientSession } from '../core/client-session.ts'
import { isAdmin, mayManageDevice } from './device-access.ts'

const log = logger('pairing')

type DenialReason = 'unknown-device-or-role' | 'cross-device' | 'caller-missing-scope' | 'scope-outside-approved-baseline'

function deny(op: string, reason: DenialReason, deviceId: string, session: ClientSession): never {
  log.warn(`${op} denied for device ${deviceId.slice(0, 12)}… (caller ${session.connId}): ${reason}`)
  throw new GatewayError('INVALID_REQUEST', `${op} denied`)
}

/** The token scopes a role carries now: those of its newest token, else what its approval allows. */
function currentTokenScopes(ctx: MethodContext, device: PairedDevice, role: string): string[] {
  const latest = ctx.pairing.tokenSummaries(device.deviceId).find((t) => t.role === role)
  return latest?.scopes ?? (role === 'operator' ? device.approvedScopes : [])
}

/**
 * The device must hold the role; non-admins manage only their own device (device-token callers),
 * only operator tokens, and never a token wider than their own scopes. Returns the token scopes the
 * change concerns: `explicitScopes` for a rotation that narrows or widens, else the current ones.
 */
export function authorizeTokenChange(
  ctx: MethodContext,
  op: 'device token rotation' | 'device token revocation',
  deviceId: string,
  role: string,
  explicitScopes?: string[],
): string[] {
  const session = ctx.session
  const device = ctx.pairing.getDevice(deviceId)
  if (!device || !device.roles.includes(role)) return deny(op, 'unknown-device-or-role', deviceId, session)
  if (!mayManageDevice(session, deviceId)) return deny(op, 'cross-device', deviceId, session)
  const scopes = explicitScopes ?? currentTokenScopes(ctx, device, role)
  const baseline = role === 'operator' ? device.approvedScopes : []
  if (!scopesCovered(baseline, scopes)) return deny(op, 'scope-outside-approved-baseline', deviceId, session)
  if (isAdmin(session)) return scopes
  if (role !== 'operator' || !scopesCovered(session.scopes, scopes)) return deny(op, 'caller-missing-scope', deviceId, session)
  return scopes
}
