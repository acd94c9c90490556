import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'

export const devicePairReject = defineMethod('device.pair.reject', {
  access: 'operator.pairing',
  handle({ requestId }, ctx) {
    const request = ctx.pairing.getPending(requestId)
    if (!request || !ctx.pairing.deletePending(requestId)) throw new GatewayError('INVALID_REQUEST', 'unknown requestId')
    const { deviceId } = request
    ctx.events.broadcast('device.pair.resolved', { requestId, deviceId, decision: 'rejected', ts: Date.now() }, { dropIfSlow: true })
    return { requestId, deviceId }
  },
})
