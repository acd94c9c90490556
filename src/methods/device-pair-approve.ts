import { GatewayError, missingScopeError } from '../protocol/index.ts'
import { scopeSatisfied } from '../auth/scopes.ts'
import type { PendingRequest } from '../store/pairing-store.ts'
import type { ClientSession } from '../core/client-session.ts'
import { defineMethod } from './define-method.ts'
import { isAdmin, toDeviceView } from './device-access.ts'

export const devicePairApprove = defineMethod('device.pair.approve', {
  access: 'operator.pairing',
  handle({ requestId }, ctx) {
    const request = ctx.pairing.getPending(requestId)
    if (!request) throw new GatewayError('INVALID_REQUEST', 'unknown requestId')
    checkApprover(ctx.session, request)
    // The store re-reads the request inside its transaction: it may have expired since the check.
    const approved = ctx.pairing.approveRequest(requestId, 'owner')
    if (!approved) throw new GatewayError('INVALID_REQUEST', 'unknown requestId')
    const { deviceId } = approved.device
    ctx.events.broadcast('device.pair.resolved', { requestId, deviceId, decision: 'approved', ts: Date.now() }, { dropIfSlow: true })
    return { requestId, device: toDeviceView(ctx, approved.device, ctx.connections.connectedDeviceIds().has(deviceId)) }
  },
})

/**
 * Nobody hands out more than they hold: a non-operator role (a node) needs `operator.admin`, and an
 * operator role needs every scope it asks for.
 */
function checkApprover(session: ClientSession, request: PendingRequest): void {
  if (isAdmin(session)) return
  const roles = request.roles ?? (request.role ? [request.role] : [])
  if (roles.some((role) => role !== 'operator')) throw missingScopeError('operator.admin')
  const missing = (request.scopes ?? []).find((scope) => !scopeSatisfied(session.scopes, scope))
  if (missing) throw missingScopeError(missing)
}
