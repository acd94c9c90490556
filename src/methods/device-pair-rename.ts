import { GatewayError, missingScopeError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'
import { mayManageDevice } from './device-access.ts'

export const devicePairRename = defineMethod('device.pair.rename', {
  access: 'operator.pairing',
  handle({ deviceId, label }, ctx) {
    const trimmed = label.trim()
    if (!trimmed) throw new GatewayError('INVALID_REQUEST', 'label must not be blank')
    if (!ctx.pairing.getDevice(deviceId)) throw new GatewayError('INVALID_REQUEST', 'unknown deviceId')
    if (!mayManageDevice(ctx.session, deviceId)) throw missingScopeError('operator.admin')
    ctx.pairing.renameDevice(deviceId, trimmed)
    return { deviceId, label: trimmed }
  },
})
