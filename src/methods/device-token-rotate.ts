import { defineMethod } from './define-method.ts'
import { closeDeviceSockets } from './device-access.ts'
import { authorizeTokenChange } from './device-token-policy.ts'

export const deviceTokenRotate = defineMethod('device.token.rotate', {
  access: 'operator.pairing',
  handle({ deviceId, role, scopes }, ctx) {
    const next = authorizeTokenChange(ctx, 'device token rotation', deviceId, role, scopes)
    const { token, rotatedAtMs } = ctx.pairing.rotateToken(deviceId, role, next)
    // Every older token of the role is revoked now; the sockets that authenticated with one go too.
    closeDeviceSockets(ctx, deviceId, 'client invalidated: token rotated', (s) => s.authMethod === 'device-token' && s.role === role)
    // Only the device itself, proving it with its own token, gets the new bearer back in-band.
    const inBand = ctx.session.deviceId === deviceId && ctx.session.authMethod === 'device-token'
    return {
      deviceId,
      role,
      scopes: next,
      rotatedAtMs,
      ...(inBand ? { token, tokenDelivery: 'in-band' as const } : { tokenDelivery: 'withheld-cross-device' as const }),
    }
  },
})
