import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { deviceArgs, parseScopes, requireDeviceId } from './device-args.ts'

export default defineCommand({
  meta: { name: 'rotate', description: "Replace a device's token for a role; the old one stops working at once" },
  args: {
    ...deviceArgs,
    role: { type: 'enum', options: ['operator', 'node'], required: true, description: 'Which token' },
    scope: { type: 'string', repeatable: true, valueHint: 'scopes', description: 'Scopes for the new token, comma-separated or repeated (default: the current ones)' },
    ...connectionArgs,
  },
  async run({ args }) {
    const deviceId = requireDeviceId(args)
    const scopes = parseScopes(args.scope)
    const result = (await withGateway(args, (c) =>
      c.request('device.token.rotate', { deviceId, role: args.role, ...(scopes && { scopes }) }),
    )) as Record<string, any>
    if (args.json) return printJson(result)
    console.log(`Rotated the ${result.role} token of ${deviceId} (scopes: ${result.scopes.join(', ') || 'none'})`)
    if (result.token) console.log(`New token (keep it secret): ${result.token}`)
    else console.log('The new token is delivered to the device when it next connects with the gateway credentials.')
  },
})
