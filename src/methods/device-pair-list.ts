import { defineMethod } from './define-method.ts'

export const devicePairList = defineMethod('device.pair.list', {
  access: 'operator.pairing',
  handle(_params, ctx) {
    const connected = ctx.connections.connectedDeviceIds()
    const paired = ctx.pairing.listDevices().map(({ approvedScopes, ...device }) => ({
      ...device,
      scopes: approvedScopes,
      tokens: ctx.pairing.tokenSummaries(device.deviceId),
      connected: connected.has(device.deviceId),
    }))
    return { pending: ctx.pairing.listPending(), paired }
  },
})
