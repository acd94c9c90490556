/**
 * Who may manage which device (PROTOCOL.md §3.10), the redacted device view the methods return, and
 * how a device's live sockets are ended when its credentials go away.
 */
import type { PairedDevice } from '../store/pairing-store.ts'
import type { MethodContext } from './context.ts'
import type { ClientSession } from '../core/client-session.ts'

export const isAdmin = (session: ClientSession) => session.scopes.includes('operator.admin')

/**
 * A caller that authenticated with a device token speaks for that device only; anything wider needs
 * `operator.admin`. Shared-secret callers are trusted with the gateway itself, so they are not narrowed.
 */
export function mayManageDevice(session: ClientSession, deviceId: string): boolean {
  return isAdmin(session) || session.authMethod !== 'device-token' || session.deviceId === deviceId
}

/** `device.pair.list` and `approve` show scopes, token summaries and liveness, never token material. */
export function toDeviceView(ctx: MethodContext, device: PairedDevice, connected: boolean) {
  const { approvedScopes, ...rest } = device
  return { ...rest, scopes: approvedScopes, tokens: ctx.pairing.tokenSummaries(device.deviceId), connected }
}

/**
 * Closes 4001 the sockets of `deviceId` that `match` picks. The caller's own socket, if picked, is
 * closed only after its response has gone out, so it learns the outcome (and a rotated token).
 */
export function closeDeviceSockets(
  ctx: MethodContext,
  deviceId: string,
  reason: string,
  match: (session: ClientSession) => boolean = () => true,
): void {
  const self = ctx.session.connId
  ctx.connections.closeDevice(deviceId, 4001, reason, (s) => s.connId !== self && match(s))
  if (ctx.session.deviceId === deviceId && match(ctx.session)) {
    setTimeout(() => ctx.connections.closeDevice(deviceId, 4001, reason, (s) => s.connId === self), 0)
  }
}
