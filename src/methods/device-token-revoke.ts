import { defineMethod } from './define-method.ts'
import { closeDeviceSockets } from './device-access.ts'
import { authorizeTokenChange } from './device-token-policy.ts'

export const deviceTokenRevoke = defineMethod('device.token.revoke', {
  access: 'operator.pairing',
  handle({ deviceId, role }, ctx) {
    authorizeTokenChange(ctx, 'device token revocation', deviceId, role)
    const revokedAtMs = ctx.pairing.revokeTokens(deviceId, role)
    closeDeviceSockets(ctx, deviceId, 'client invalidated: token revoked', (s) => s.authMethod === 'device-token' && s.role === role)
    return { deviceId, role, revokedAtMs }
  },
})
