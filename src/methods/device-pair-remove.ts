import { GatewayError, missingScopeError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'
import { closeDeviceSockets, isAdmin, mayManageDevice } from './device-access.ts'

export const devicePairRemove = defineMethod('device.pair.remove', {
  access: 'operator.pairing',
  handle({ deviceId }, ctx) {
    const device = ctx.pairing.getDevice(deviceId)
    if (!device) throw new GatewayError('INVALID_REQUEST', 'unknown deviceId')
    const holdsOtherRoles = device.roles.some((role) => role !== 'operator')
    if (!mayManageDevice(ctx.session, deviceId) || (holdsOtherRoles && !isAdmin(ctx.session))) throw missingScopeError('operator.admin')
    ctx.pairing.removeDevice(deviceId)
    closeDeviceSockets(ctx, deviceId, 'device removed')
    return { deviceId }
  },
})
