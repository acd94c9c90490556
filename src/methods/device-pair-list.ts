import { defineMethod } from './define-method.ts'
import { toDeviceView } from './device-access.ts'

export const devicePairList = defineMethod('device.pair.list', {
  access: 'operator.pairing',
  handle(_params, ctx) {
    const connected = ctx.connections.connectedDeviceIds()
    const paired = ctx.pairing.listDevices().map((device) => toDeviceView(ctx, device, connected.has(device.deviceId)))
    return { pending: ctx.pairing.listPending(), paired }
  },
})
