import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { deviceArgs, requireDeviceId } from './device-args.ts'

export default defineCommand({
  meta: { name: 'revoke', description: "Revoke a device's tokens for a role; its connections using them are closed" },
  args: { ...deviceArgs, role: { type: 'enum', options: ['operator', 'node'], required: true, description: 'Which token' }, ...connectionArgs },
  async run({ args }) {
    const deviceId = requireDeviceId(args)
    const result = await withGateway(args, (c) => c.request('device.token.revoke', { deviceId, role: args.role }))
    if (args.json) return printJson(result)
    console.log(`Revoked the ${args.role} tokens of ${deviceId}`)
  },
})
